import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import type { ModelClass } from '../models/model.js';
import { DecimalField } from './decimal.js';
import { VENDORS, named, vendorStub } from './vendor-stubs.js';
import { messages } from './validation.test-helper.js';

const price = (): DecimalField => named(new DecimalField({ maxDigits: 8, decimalPlaces: 2 }), 'price');

describe('DecimalField', () => {
  it('gives canonical text with exactly decimalPlaces places, never through a float', () => {
    const field = price();
    expect(field.toJs('12.5')).toBe('12.50');
    expect(field.toJs('0012.500')).toBe('12.50');
    expect(field.toJs(0.1)).toBe('0.10');
    expect(field.toJs(7n)).toBe('7.00');
    expect(field.toJs('-0')).toBe('0.00');
    expect(field.toJs('1.5e2')).toBe('150.00');
    expect(field.toJs('.5')).toBe('0.50');
    expect(new DecimalField({ maxDigits: 30, decimalPlaces: 10 }).toJs('12345678901234567890.0123456789')).toBe('12345678901234567890.0123456789');
  });

  it.each(['abc', '', '1.2.3', 'NaN', 'Infinity', '1e', {}, Number.NaN, true, '1'.repeat(2000)])('refuses %j naming the field', (value) => {
    expect(messages(() => price().toJs(value))).toEqual([expect.stringMatching(/value must be a decimal number\.$/)]);
  });

  it("checks digits with Django's messages instead of rounding", () => {
    expect(messages(() => price().clean('1234567.5'))).toEqual(['Ensure that there are no more than 8 digits in total.']);
    expect(messages(() => price().clean('1.234'))).toEqual(['Ensure that there are no more than 2 decimal places.']);
    expect(price().clean('1.230')).toBe('1.23');
    expect(price().clean('-999999.99')).toBe('-999999.99');
  });

  it('reads text from PostgreSQL/MySQL and a float from SQLite, to the declared places', () => {
    const field = price();
    expect(field.fromDb('12.50', vendorStub('postgresql'))).toBe('12.50');
    expect(field.fromDb(12.5, vendorStub('sqlite'))).toBe('12.50');
    expect(field.fromDb(12, vendorStub('sqlite'))).toBe('12.00');
    // A float Django or a hand-written query left with more places is rounded half-even, as Django's quantize().
    expect(field.fromDb('0.125', vendorStub('mysql'))).toBe('0.12');
    expect(field.fromDb('0.135', vendorStub('mysql'))).toBe('0.14');
    expect(field.fromDb('9.995', vendorStub('mysql'))).toBe('10.00');
  });

  it('needs maxDigits and decimalPlaces, naming the field', () => {
    const model = { meta: { label: 'shop.Item' } } as unknown as ModelClass;
    expect(() => new DecimalField({ decimalPlaces: 2 } as never).contributeToClass(model, 'price')).toThrow(ImproperlyConfigured);
    expect(() => new DecimalField({ maxDigits: 2, decimalPlaces: 3 }).contributeToClass(model, 'price')).toThrow(/shop\.Item\.price: DecimalField needs decimalPlaces/);
    const field = new DecimalField({ maxDigits: 8, decimalPlaces: 2 });
    field.contributeToClass(model, 'price');
    expect(field.columnSpec()).toMatchObject({ maxDigits: 8, decimalPlaces: 2, internalType: 'DecimalField' });
    expect(field.deconstruct()).toEqual({ type: 'DecimalField', options: { maxDigits: 8, decimalPlaces: 2 } });
  });

  const decimalText = (maxDigits: number, places: number): fc.Arbitrary<string> =>
    fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** BigInt(maxDigits) - 1n }))
      .map(([negative, digits]) => {
        const text = digits.toString().padStart(places + 1, '0');
        const whole = text.slice(0, text.length - places);
        return `${negative ? '-' : ''}${whole}${places > 0 ? `.${text.slice(text.length - places)}` : ''}`;
      });

  it('round-trips any decimal within its digits exactly on PostgreSQL and MySQL', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 0, max: m }))).chain(([m, p]) => fc.tuple(fc.constant(m), fc.constant(p), decimalText(m, p))), fc.constantFrom('postgresql', 'mysql' as const), ([maxDigits, places, text], vendor) => {
        const field = new DecimalField({ maxDigits, decimalPlaces: places });
        const connection = vendorStub(vendor);
        const clean = field.clean(text)!;
        expect(field.fromDb(field.toDb(clean, connection), connection)).toBe(clean);
        expect(BigInt(clean.replace('.', ''))).toBe(BigInt(text.replace('.', '')));
      }),
    );
  });

  it('round-trips decimals of up to 15 digits through SQLite\'s float, as Django does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: 0, max: m }))).chain(([m, p]) => fc.tuple(fc.constant(m), fc.constant(p), decimalText(m, p))), ([maxDigits, places, text]) => {
        const field = new DecimalField({ maxDigits, decimalPlaces: places });
        const connection = vendorStub('sqlite');
        const clean = field.clean(text)!;
        // SQLite's NUMERIC affinity turns the text into a REAL (or INTEGER).
        const stored = Number(field.toDb(clean, connection));
        expect(field.fromDb(stored, connection)).toBe(clean);
      }),
    );
  });

  it('every vendor sees the same value for all three', () => {
    for (const vendor of VENDORS) expect(price().fromDb('3.10', vendorStub(vendor))).toBe('3.10');
  });
});
