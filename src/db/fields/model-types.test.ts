import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { defineModel } from '../models/define.js';
import type { Field, FieldValue } from './field.js';
import { fields } from './index.js';
import type { JsonValue } from './json.js';
import { maxLengthValidator, minValueValidator } from '../validators.js';

describe('field factories carry the value type', () => {
  it('types each factory by its options', () => {
    expectTypeOf(fields.CharField({ maxLength: 64 })).toExtend<Field<string>>();
    expectTypeOf<FieldValue<ReturnType<typeof fields.CharField<{ maxLength: 64 }>>>>().toEqualTypeOf<string>();
    const nullable = fields.CharField({ maxLength: 64, null: true });
    expectTypeOf<FieldValue<typeof nullable>>().toEqualTypeOf<string | null>();
    const maybe = fields.IntegerField({ null: Math.random() > 2 });
    expectTypeOf(maybe.valueType).toEqualTypeOf<number | null>();
    const count = fields.IntegerField();
    expectTypeOf(count.valueType).toEqualTypeOf<number>();
    const big = fields.BigIntegerField({ mode: 'bigint' });
    expectTypeOf(big.valueType).toEqualTypeOf<bigint>();
    const when = fields.DateTimeField({ autoNowAdd: true });
    expectTypeOf(when.valueType).toEqualTypeOf<Date>();
    const price = fields.DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true });
    expectTypeOf(price.valueType).toEqualTypeOf<string | null>();
    const data = fields.JSONField();
    expectTypeOf(data.valueType).toEqualTypeOf<JsonValue>();
    const blob = fields.BinaryField();
    expectTypeOf(blob.valueType).toEqualTypeOf<Buffer>();
    // @ts-expect-error maxLength is required
    fields.CharField({});
    // @ts-expect-error a default must have the field's type
    fields.IntegerField({ default: 'x' });
    expect(nullable.null).toBe(true);
  });

  it("gives a model's instances their fields' types, and `id: number`", () => {
    const Book = defineModel('fieldtypes.Book', {
      title: fields.CharField({ maxLength: 64 }),
      price: fields.IntegerField(),
      note: fields.TextField({ null: true }),
      active: fields.BooleanField({ default: true }),
      published: fields.DateField({ null: true }),
    });
    const book = new Book({ title: 'A', price: 3 });
    expectTypeOf(book.title).toEqualTypeOf<string>();
    expectTypeOf(book.price).toEqualTypeOf<number>();
    expectTypeOf(book.note).toEqualTypeOf<string | null>();
    expectTypeOf(book.id).toEqualTypeOf<number>();
    expectTypeOf(book.active).toEqualTypeOf<boolean>();
    expectTypeOf(book.published).toEqualTypeOf<string | null>();
    expect(book.title).toBe('A');
    expect(book.note).toBeNull();
    expect(book.active).toBe(true);
    expect(Book.meta.pk.internalType).toBe('AutoField');
  });
});

describe('fullClean() through a model', () => {
  const Item = defineModel('fieldtypes.Item', {
    name: fields.CharField({ maxLength: 5 }),
    size: fields.CharField({ maxLength: 2, choices: [['S', 'Small'], ['M', 'Medium']] }),
    email: fields.EmailField({ blank: true }),
    count: fields.PositiveSmallIntegerField({ null: true }),
    price: fields.DecimalField({ maxDigits: 5, decimalPlaces: 2 }),
    created: fields.DateTimeField({ autoNowAdd: true }),
  });

  it('collects every field\'s messages into one ValidationError', () => {
    const item = new Item({ name: 'much too long', size: 'XL', email: 'nope', count: -1, price: '1234.5' });
    let caught: unknown;
    try {
      item.fullClean();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).errors).toEqual({
      name: ['Ensure this value has at most 5 characters (it has 13).'],
      size: ['Value "XL" is not a valid choice.'],
      email: ['Enter a valid email address.'],
      count: ['Ensure this value is greater than or equal to 0.'],
      price: ['Ensure that there are no more than 5 digits in total.'],
    });
  });

  it('reports blank and null, and a wrong type by field name', () => {
    const item = new Item({ name: '', size: 'S', price: null });
    expect(() => item.fullClean()).toThrow(ValidationError);
    try {
      item.fullClean();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual({ name: ['This field cannot be blank.'], price: ['This field cannot be null.'] });
    }
    const typed = new Item({ name: 'ok', size: 'S', price: 'abc' });
    expect(() => typed.fullClean()).toThrow('price: “abc” value must be a decimal number.');
  });

  it('cleans values into their field types when valid', () => {
    const item = new Item({ name: 'pen', size: 'M', count: '3', price: 2.5 });
    item.fullClean();
    expect(item.count).toBe(3);
    expect(item.price).toBe('2.50');
    expect(item.email).toBe('');
  });
});

describe('validators option', () => {
  it('takes the shared validators on nullable fields too, and runs them on non-empty values only', () => {
    const field = fields.CharField({ maxLength: 10, null: true, blank: true, validators: [maxLengthValidator(3), (v) => (v.startsWith('x') ? 'No x.' : undefined)] });
    const count = fields.IntegerField({ null: true, validators: [minValueValidator(1)] });
    field.name = 'code';
    count.name = 'count';
    expect(field.clean('')).toBe('');
    expect(field.clean(null)).toBeNull();
    expect(() => field.clean('xyzw')).toThrow('code: Ensure this value has at most 3 characters (it has 4). No x.');
    expect(() => count.clean(0)).toThrow('count: Ensure this value is greater than or equal to 1.');
  });
});
