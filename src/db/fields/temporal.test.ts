import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import type { Model } from '../models/model.js';
import { DateField } from './date.js';
import { DateTimeField } from './datetime.js';
import { TimeField } from './time.js';
import { VENDORS, named, vendorStub } from './vendor-stubs.js';

const anyDate = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('DateField', () => {
  it("holds 'YYYY-MM-DD' strings, from text or a Date's UTC day", () => {
    const field = named(new DateField(), 'born');
    expect(field.toJs('2024-2-9')).toBe('2024-02-09');
    expect(field.toJs(new Date('2024-02-29T23:30:00Z'))).toBe('2024-02-29');
    expect(field.toJs('0001-01-01')).toBe('0001-01-01');
  });

  it("refuses other text with Django's two messages", () => {
    const field = named(new DateField(), 'born');
    expect(() => field.toJs('2023-02-29')).toThrow('born: “2023-02-29” value has the correct format (YYYY-MM-DD) but it is an invalid date.');
    expect(() => field.toJs('09/02/2024')).toThrow('born: “09/02/2024” value has an invalid date format. It must be in YYYY-MM-DD format.');
    expect(() => field.toJs(20240209)).toThrow(ValidationError);
    expect(() => field.toJs(new Date(Number.NaN))).toThrow(ValidationError);
  });

  it('reads a day back whatever form the driver gives it', () => {
    const field = new DateField();
    expect(field.fromDb('2024-02-09', vendorStub('sqlite'))).toBe('2024-02-09');
    expect(field.fromDb(new Date(2024, 1, 9), vendorStub('postgresql'))).toBe('2024-02-09');
    expect(field.fromDb(new Date(Date.UTC(2024, 1, 9)), vendorStub('mysql'))).toBe('2024-02-09');
    expect(() => field.fromDb('garbage', vendorStub('sqlite'))).toThrow(ValidationError);
  });

  it('sets today on save with autoNow, and only on insert with autoNowAdd', () => {
    const today = new Date().toISOString().slice(0, 10);
    const created = named(new DateField({ autoNowAdd: true }), 'created');
    const instance = { created: '2000-01-01' } as unknown as Model;
    expect(created.preSave(instance, false)).toBe('2000-01-01');
    expect(created.preSave(instance, true)).toBe(today);
    expect((instance as unknown as { created: string }).created).toBe(today);
    expect(created.options.editable).toBe(false);
    expect(created.deconstruct()).toEqual({ type: 'DateField', options: { autoNowAdd: true } });
  });

  it('round-trips any day on every vendor', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...VENDORS), (date, vendor) => {
        const field = new DateField();
        const connection = vendorStub(vendor);
        const day = field.clean(date)!;
        expect(field.fromDb(field.toDb(day, connection), connection)).toBe(day);
      }),
    );
  });
});

describe('DateTimeField', () => {
  it('stores UTC text in Django\'s format on SQLite and MySQL, an ISO instant on PostgreSQL', () => {
    const field = new DateTimeField();
    const when = new Date('2024-05-01T09:30:00.250Z');
    expect(field.toDb(when, vendorStub('sqlite'))).toBe('2024-05-01 09:30:00.250000');
    expect(field.toDb(new Date('2024-05-01T09:30:00Z'), vendorStub('sqlite'))).toBe('2024-05-01 09:30:00');
    expect(field.toDb(when, vendorStub('mysql'))).toBe('2024-05-01 09:30:00.250000');
    expect(field.toDb(when, vendorStub('postgresql'))).toBe('2024-05-01T09:30:00.250Z');
  });

  it('reads what Django wrote (microseconds truncated to the millisecond, offsets honoured)', () => {
    const field = new DateTimeField();
    const sqlite = vendorStub('sqlite');
    expect(field.fromDb('2024-05-01 09:30:00.123456', sqlite)?.toISOString()).toBe('2024-05-01T09:30:00.123Z');
    expect(field.fromDb('2024-05-01 09:30:00', sqlite)?.toISOString()).toBe('2024-05-01T09:30:00.000Z');
    expect(field.fromDb('2024-05-01T11:30:00+02:00', sqlite)?.toISOString()).toBe('2024-05-01T09:30:00.000Z');
    const instant = new Date('2024-05-01T09:30:00Z');
    expect(field.fromDb(instant, vendorStub('postgresql'))).toBe(instant);
  });

  it('accepts Dates and text, and refuses the rest with Django\'s messages', () => {
    const field = named(new DateTimeField(), 'at');
    expect(field.toJs('2024-05-01 09:30')?.toISOString()).toBe('2024-05-01T09:30:00.000Z');
    expect(field.toJs('2024-05-01')?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(() => field.toJs('2024-05-01 25:00')).toThrow(/at: “2024-05-01 25:00” value has the correct format .* but it is an invalid date\/time\./);
    expect(() => field.toJs('yesterday')).toThrow(/invalid format\. It must be in YYYY-MM-DD HH:MM\[:ss\[\.uuuuuu\]\]\[TZ\] format\./);
    expect(() => field.toJs(1714555800000)).toThrow(ValidationError);
    expect(() => field.toJs(new Date(Number.NaN))).toThrow(ValidationError);
    expect(() => field.toJs(new Date('+010000-01-01T00:00:00Z'))).toThrow(ValidationError);
  });

  it('sets now on every save with autoNow', () => {
    const field = named(new DateTimeField({ autoNow: true }), 'updated');
    const instance = { updated: new Date(0) } as unknown as Model;
    const before = Date.now();
    const value = field.preSave(instance, false)!;
    expect(value.getTime()).toBeGreaterThanOrEqual(before);
    expect((instance as unknown as { updated: Date }).updated).toBe(value);
    expect(named(new DateTimeField({ autoNowAdd: true }), 'created').preSave({ created: new Date(0) } as unknown as Model, false)).toEqual(new Date(0));
  });

  it('round-trips any Date (years 1–9999) to the millisecond on every vendor', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...VENDORS), (date, vendor) => {
        const field = new DateTimeField();
        const connection = vendorStub(vendor);
        const stored = field.toDb(field.clean(date), connection);
        // Drivers hand text back as text; pg parses timestamptz itself, to the same instant.
        const read = field.fromDb(vendor === 'postgresql' ? new Date(stored as string) : stored, connection);
        expect(read?.getTime()).toBe(date.getTime());
        expect(field.fromDb(stored, connection)?.getTime()).toBe(date.getTime());
      }),
    );
  });
});

describe('TimeField', () => {
  it("holds Python's str(time) form, keeping microseconds", () => {
    const field = named(new TimeField(), 'opens');
    expect(field.toJs('9:05')).toBe('09:05:00');
    expect(field.toJs('09:05:07.5')).toBe('09:05:07.500000');
    expect(field.toJs('09:05:07.000000')).toBe('09:05:07');
    expect(field.fromDb('09:05:07.123456', vendorStub('mysql'))).toBe('09:05:07.123456');
    expect(() => field.toJs('24:00')).toThrow('opens: “24:00” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.');
    expect(() => field.toJs('noon')).toThrow(/invalid format/);
  });

  it('round-trips any time to the microsecond on every vendor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_399_999_999 }), fc.constantFrom(...VENDORS), (micros, vendor) => {
        const field = new TimeField();
        const connection = vendorStub(vendor);
        const text = new Date(Math.floor(micros / 1000)).toISOString().slice(11, 19) + '.' + String(micros % 1_000_000).padStart(6, '0');
        const clean = field.clean(text)!;
        expect(field.fromDb(field.toDb(clean, connection), connection)).toBe(clean);
      }),
    );
  });
});
