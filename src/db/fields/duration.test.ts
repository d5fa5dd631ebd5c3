import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatabaseError, ValidationError } from '../errors.js';
import { DurationField } from './duration.js';
import { VENDORS, named, vendorStub } from './vendor-stubs.js';

describe('DurationField', () => {
  it('holds milliseconds, from numbers or Django\'s text forms', () => {
    const field = named(new DurationField(), 'length');
    expect(field.toJs(1500)).toBe(1500);
    expect(field.toJs('1 day, 02:03:04.5')).toBe(93_784_500);
    expect(field.toJs('3 04:05:06')).toBe(273_906_000);
    expect(field.toJs('02:03')).toBe(123_000);
    expect(field.toJs('90')).toBe(90_000);
    expect(field.toJs('-1 day, 23:59:59')).toBe(-1000);
    expect(field.toJs(0.0015)).toBe(0.002);
  });

  it.each(['soon', '', '1:2:3:4', Number.NaN, Infinity, {}, true])('refuses %j naming the field', (value) => {
    expect(() => named(new DurationField(), 'length').toJs(value)).toThrow(/^length: .* value has an invalid format\. It must be in \[DD\] \[\[HH:\]MM:\]ss\[\.uuuuuu\] format\.$/);
  });

  it('stores microseconds on SQLite/MySQL and an interval on PostgreSQL', () => {
    const field = new DurationField();
    expect(field.toDb(1.001, vendorStub('sqlite'))).toBe(1001);
    expect(field.toDb(1.001, vendorStub('postgresql'))).toBe('1001 microseconds');
    expect(field.fromDb({ hours: 25, minutes: 1, seconds: 1, milliseconds: 1.001 }, vendorStub('postgresql'))).toBe(90_061_001.001);
    expect(field.fromDb({}, vendorStub('postgresql'))).toBe(0);
    expect(field.fromDb('90061001001', vendorStub('mysql'))).toBe(90_061_001.001);
    expect(() => field.fromDb({ months: 1 }, vendorStub('postgresql'))).toThrow(DatabaseError);
    expect(() => field.fromDb('x', vendorStub('sqlite'))).toThrow(ValidationError);
  });

  it('round-trips any microsecond-precise duration on every vendor', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.constantFrom(...VENDORS), (micros, vendor) => {
        const field = new DurationField();
        const connection = vendorStub(vendor);
        const ms = field.clean(micros / 1000)!;
        let stored = field.toDb(ms, connection);
        if (vendor === 'postgresql') stored = { milliseconds: Number(String(stored).split(' ')[0]) / 1000 };
        expect(field.fromDb(stored, connection)).toBe(ms);
      }),
    );
  });
});
