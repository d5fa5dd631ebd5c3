import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { ValidationError } from '../errors.js';
import type { ModelClass } from '../models/model.js';
import { CharField, EmailField, SlugField, TextField, URLField } from './char.js';
import { named } from './vendor-stubs.js';
import { messages } from './validation.test-helper.js';

const fakeModel = { meta: { label: 'shop.Item' } } as unknown as ModelClass;

describe('CharField', () => {
  it('needs maxLength, naming the model and field when it is missing', () => {
    const field = new CharField({} as never);
    expect(() => field.contributeToClass(fakeModel, 'title')).toThrow(ImproperlyConfigured);
    expect(() => field.contributeToClass(fakeModel, 'title')).toThrow(/shop\.Item\.title: CharField needs maxLength/);
    expect(() => new CharField({ maxLength: 0 }).contributeToClass(fakeModel, 'title')).toThrow(/got 0/);
  });

  it("defaults to '' when not null, to null when null, as Django does", () => {
    expect(new CharField({ maxLength: 5 }).getDefault()).toBe('');
    expect(new CharField({ maxLength: 5, null: true }).getDefault()).toBeNull();
    expect(new TextField().getDefault()).toBe('');
    expect(new CharField({ maxLength: 5, default: () => 'x' }).getDefault()).toBe('x');
  });

  it('makes text of numbers and booleans and refuses objects', () => {
    const field = named(new CharField({ maxLength: 10 }), 'title');
    expect(field.toJs(12)).toBe('12');
    expect(field.toJs(true)).toBe('true');
    expect(() => field.toJs({ a: 1 })).toThrow(/title: “\{"a":1\}” value must be a string\./);
    expect(() => field.toJs([1])).toThrow(ValidationError);
    expect(() => field.toJs(Symbol('s'))).toThrow(ValidationError);
  });

  it('reports the length with Django\'s message, and blank and choices', () => {
    expect(messages(() => named(new CharField({ maxLength: 64 }), 't').clean('x'.repeat(70)))).toEqual([
      'Ensure this value has at most 64 characters (it has 70).',
    ]);
    expect(messages(() => named(new CharField({ maxLength: 64 }), 't').clean(''))).toEqual(['This field cannot be blank.']);
    expect(named(new CharField({ maxLength: 64, blank: true }), 't').clean('')).toBe('');
    const sized = named(new CharField({ maxLength: 2, choices: [['S', 'Small'], ['M', 'Medium']] }), 'size');
    expect(messages(() => sized.clean('XL'))).toEqual(['Value "XL" is not a valid choice.']);
    expect(sized.clean('M')).toBe('M');
  });

  it('puts maxLength into the column spec and the deconstruction', () => {
    const field = new CharField({ maxLength: 64, unique: true });
    field.contributeToClass(fakeModel, 'title');
    expect(field.columnSpec()).toMatchObject({ column: 'title', internalType: 'CharField', maxLength: 64, unique: true, null: false });
    expect(field.deconstruct()).toEqual({ type: 'CharField', options: { maxLength: 64, unique: true } });
  });

  it('truncates a huge hostile value in the message', () => {
    const [message] = messages(() => named(new CharField({ maxLength: 1 }), 't').toJs({ a: 'x'.repeat(1_000_000) }));
    expect(message!.length).toBeLessThan(120);
  });
});

describe('TextField', () => {
  it('has no length unless maxLength is given, which only fullClean checks', () => {
    expect(new TextField().columnSpec().maxLength).toBeUndefined();
    expect(messages(() => named(new TextField({ maxLength: 3 }), 'body').clean('abcd'))).toEqual(['Ensure this value has at most 3 characters (it has 4).']);
  });
});

describe('EmailField, SlugField, URLField', () => {
  it('take Django\'s default lengths and validators', () => {
    expect(new EmailField().maxLength).toBe(254);
    expect(new SlugField().maxLength).toBe(50);
    expect(new SlugField().options.dbIndex).toBe(true);
    expect(new URLField().maxLength).toBe(200);
    expect(messages(() => named(new EmailField(), 'email').clean('not-an-email'))).toEqual(['Enter a valid email address.']);
    expect(named(new EmailField(), 'email').clean('ann@example.com')).toBe('ann@example.com');
    expect(messages(() => named(new SlugField(), 'slug').clean('a b'))).toHaveLength(1);
    expect(messages(() => named(new URLField(), 'home').clean('example.com'))).toEqual(['Enter a valid URL.']);
  });

  it('collect every message of one value together', () => {
    const field = named(new EmailField({ maxLength: 5 }), 'email');
    expect(messages(() => field.clean('not an email'))).toEqual(['Ensure this value has at most 5 characters (it has 12).', 'Enter a valid email address.']);
  });

  it('leave implied options out of deconstruct()', () => {
    expect(new SlugField().deconstruct()).toEqual({ type: 'SlugField', options: { maxLength: 50 } });
    expect(new URLField().deconstruct()).toEqual({ type: 'URLField', options: {} });
    expect(new EmailField().deconstruct()).toEqual({ type: 'EmailField', options: { maxLength: 254 } });
  });
});
