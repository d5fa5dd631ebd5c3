import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { BooleanField } from './boolean.js';
import { FloatField } from './float.js';
import { VENDORS, named, vendorStub } from './vendor-stubs.js';

describe('BooleanField', () => {
  it('accepts booleans, 0/1 and the strings Django accepts', () => {
    const field = named(new BooleanField(), 'active');
    for (const value of [true, 1, '1', 't', 'true', 'True']) expect(field.toJs(value)).toBe(true);
    for (const value of [false, 0, '0', 'f', 'false', 'False']) expect(field.toJs(value)).toBe(false);
  });

  it.each(['yes', 2, 'TRUE ', {}, []])('refuses %j naming the field', (value) => {
    expect(() => named(new BooleanField(), 'active').toJs(value)).toThrow(/active: .* value must be either true or false\./);
  });

  it('writes 0/1 on SQLite and MySQL, a boolean on PostgreSQL, and reads either back', () => {
    const field = new BooleanField<boolean | null>({ null: true });
    expect(field.toDb(true, vendorStub('sqlite'))).toBe(1);
    expect(field.toDb(false, vendorStub('mysql'))).toBe(0);
    expect(field.toDb(true, vendorStub('postgresql'))).toBe(true);
    expect(field.toDb(null, vendorStub('sqlite'))).toBeNull();
    for (const vendor of VENDORS) {
      const connection = vendorStub(vendor);
      for (const value of [true, false]) expect(field.fromDb(field.toDb(value, connection), connection)).toBe(value);
    }
  });

  it('does not treat false as blank', () => {
    expect(named(new BooleanField(), 'active').clean(false)).toBe(false);
    expect(() => named(new BooleanField(), 'active').clean(null)).toThrow('active: This field cannot be null.');
  });
});

describe('FloatField', () => {
  it('accepts numbers and numeric text', () => {
    const field = named(new FloatField(), 'ratio');
    expect(field.toJs(1.5)).toBe(1.5);
    expect(field.toJs(' 2.25 ')).toBe(2.25);
    expect(field.toJs('1e3')).toBe(1000);
  });

  it.each([Number.NaN, Infinity, '', 'abc', 'NaN', {}, true])('refuses %j (NaN/Infinity too: SQLite and MySQL cannot store them)', (value) => {
    expect(() => named(new FloatField(), 'ratio').toJs(value)).toThrow(ValidationError);
  });

  it('round-trips any finite double on every vendor', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.constantFrom(...VENDORS), (n, vendor) => {
        const field = new FloatField();
        const connection = vendorStub(vendor);
        expect(field.fromDb(field.toDb(field.toJs(n), connection), connection)).toBe(n);
        expect(field.fromDb(String(n), connection)).toBe(n);
      }),
    );
  });
});
