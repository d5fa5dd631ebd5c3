import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionValueError } from './errors.js';
import { expiryFromIso, expiryToIso } from './expiry.js';

describe('_session_expiry dates', () => {
  it('are written as Python isoformat() writes an aware UTC datetime', () => {
    expect(expiryToIso(new Date('2026-11-22T10:00:00.000Z'))).toBe('2026-11-22T10:00:00+00:00');
    expect(expiryToIso(new Date('2026-11-22T10:00:00.123Z'))).toBe('2026-11-22T10:00:00.123000+00:00');
  });

  it('read every form isoformat() gives, with or without an offset or fraction', () => {
    expect(expiryFromIso('2026-11-22T10:00:00+00:00').toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(expiryFromIso('2026-11-22T10:00:00.123456+00:00').toISOString()).toBe('2026-11-22T10:00:00.123Z');
    expect(expiryFromIso('2026-11-22T18:30:00+08:30').toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(expiryFromIso('2026-11-22T05:00:00-05:00').toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(expiryFromIso('2026-11-22 10:00:00').toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(expiryFromIso('2026-11-22T10:00:00Z').toISOString()).toBe('2026-11-22T10:00:00.000Z');
  });

  it('round-trip any millisecond moment', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
      expect(expiryFromIso(expiryToIso(date)).getTime()).toBe(date.getTime());
    }));
  });

  it('refuse text that is not an ISO date with SessionValueError, whatever it is', () => {
    expect(() => expiryFromIso('tomorrow')).toThrow(SessionValueError);
    expect(() => expiryFromIso('2026-02-31T10:00:00+00:00')).toThrow(SessionValueError);
    expect(() => expiryFromIso('2026-11-22T24:00:00+00:00')).toThrow(SessionValueError);
    fc.assert(fc.property(fc.string(), (text) => {
      try {
        expect(Number.isNaN(expiryFromIso(text).getTime())).toBe(false);
      } catch (error) {
        expect(error).toBeInstanceOf(SessionValueError);
      }
    }));
  });
});
