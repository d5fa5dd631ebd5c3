import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatabaseError, ValidationError } from '../errors.js';
import { AutoField, BigAutoField } from './auto.js';
import { BigIntegerField } from './big-integer.js';
import { IntegerField, PositiveIntegerField, PositiveSmallIntegerField, SmallIntegerField } from './integer.js';
import { VENDORS, vendorStub } from './vendor-stubs.js';

function named<F extends { name: string }>(field: F, name = 'count'): F {
  field.name = name;
  return field;
}

function errorsOf(run: () => unknown): Record<string, readonly string[]> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { ...(error as ValidationError).errors };
  }
  throw new Error('expected a ValidationError');
}

describe('IntegerField', () => {
  it('accepts whole numbers, bigints and digit strings', () => {
    const field = named(new IntegerField());
    expect(field.toJs(42)).toBe(42);
    expect(field.toJs(' -7 ')).toBe(-7);
    expect(field.toJs(12n)).toBe(12);
    expect(field.toJs(null)).toBeNull();
    expect(field.toJs(undefined)).toBeNull();
  });

  it.each([3.5, 'abc', '1.5', '', true, {}, [], Number.NaN, Infinity, '1e3', new Date()])('refuses %j naming the field', (value) => {
    const errors = errorsOf(() => named(new IntegerField(), 'price').toJs(value));
    expect(Object.keys(errors)).toEqual(['price']);
    expect(errors.price?.[0]).toMatch(/value must be an integer\.$/);
  });

  it('refuses integers a number cannot hold exactly instead of rounding them', () => {
    const errors = errorsOf(() => named(new IntegerField()).toJs('9007199254740993'));
    expect(errors.count?.[0]).toContain('cannot hold exactly');
  });

  it('checks the column range in clean()', () => {
    expect(errorsOf(() => named(new IntegerField()).clean(2147483648)).count).toEqual(['Ensure this value is less than or equal to 2147483647.']);
    expect(errorsOf(() => named(new SmallIntegerField()).clean(-32769)).count).toEqual(['Ensure this value is greater than or equal to -32768.']);
    expect(errorsOf(() => named(new PositiveIntegerField()).clean(-1)).count).toEqual(['Ensure this value is greater than or equal to 0.']);
    expect(errorsOf(() => named(new PositiveSmallIntegerField()).clean(32768)).count).toEqual(['Ensure this value is less than or equal to 32767.']);
    expect(named(new PositiveIntegerField()).clean('0')).toBe(0);
  });

  it('reads numbers, numeric strings and bigints from any driver, but never a rounded value', () => {
    for (const vendor of VENDORS) {
      const field = named(new IntegerField());
      const connection = vendorStub(vendor);
      expect(field.fromDb(5, connection)).toBe(5);
      expect(field.fromDb('5', connection)).toBe(5);
      expect(field.fromDb(5n, connection)).toBe(5);
      expect(field.fromDb(null, connection)).toBeNull();
      expect(() => field.fromDb(2 ** 60, connection)).toThrow(DatabaseError);
    }
  });

  it('round-trips any 32-bit integer on every vendor', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), fc.constantFrom(...VENDORS), (n, vendor) => {
        const field = new IntegerField();
        const connection = vendorStub(vendor);
        expect(field.fromDb(field.toDb(field.clean(n), connection), connection)).toBe(n);
      }),
    );
  });
});

describe('BigIntegerField', () => {
  it('is a number field by default that refuses to round', () => {
    const field = named(new BigIntegerField());
    expect(field.toJs('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(errorsOf(() => field.toJs(9007199254740993n)).count?.[0]).toContain("mode: 'bigint'");
    expect(() => field.fromDb('9223372036854775807', vendorStub('postgresql'))).toThrow(/mode: 'bigint'/);
  });

  it("holds the whole 64-bit range exactly in mode 'bigint'", () => {
    const field = named(new BigIntegerField<bigint>({ mode: 'bigint' }));
    expect(field.clean('9223372036854775807')).toBe(9223372036854775807n);
    expect(field.clean(-5)).toBe(-5n);
    expect(errorsOf(() => field.clean('9223372036854775808')).count).toEqual(['Ensure this value is less than or equal to 9223372036854775807.']);
    expect(errorsOf(() => field.clean(-9223372036854775809n)).count).toEqual(['Ensure this value is greater than or equal to -9223372036854775808.']);
  });

  it('round-trips any int64 in bigint mode on every vendor', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(...VENDORS), (n, vendor) => {
        const field = new BigIntegerField<bigint>({ mode: 'bigint' });
        const connection = vendorStub(vendor);
        const stored = field.toDb(field.clean(n), connection);
        // pg and mysql2 return int8 as text; better-sqlite3 with safe integers as bigint.
        expect(vendor === 'sqlite' ? stored : typeof stored).toBe(vendor === 'sqlite' ? n : 'string');
        expect(field.fromDb(stored, connection)).toBe(n);
      }),
    );
  });
});

describe('AutoField', () => {
  it('is a non-editable, blank-able primary key whose unsaved value is null', () => {
    const field = new AutoField();
    expect(field.primaryKey).toBe(true);
    expect(field.options.editable).toBe(false);
    expect(field.getDefault()).toBeNull();
    expect(field.deconstruct()).toEqual({ type: 'AutoField', options: { primaryKey: true } });
  });

  it('reads a bigserial returned as text as a number', () => {
    const field = new BigAutoField();
    expect(field.internalType).toBe('BigAutoField');
    expect(field.fromDb('12', vendorStub('postgresql'))).toBe(12);
  });
});
