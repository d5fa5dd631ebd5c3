import { SessionValueError } from './errors.js';

/**
 * A Date as Python's datetime.isoformat() writes an aware UTC datetime
 * ('2026-11-22T10:00:00.123000+00:00'), the form Django keeps in `_session_expiry`.
 */
export function expiryToIso(date: Date): string {
  const iso = date.toISOString(); // 2026-11-22T10:00:00.123Z
  const millis = iso.slice(20, 23);
  return millis === '000' ? `${iso.slice(0, 19)}+00:00` : `${iso.slice(0, 19)}.${millis}000+00:00`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Reads an expiry Django or Canter wrote (isoformat, with or without an offset; no offset means UTC). */
export function expiryFromIso(text: string): Date {
  const match = ISO.exec(text);
  if (match === null) throw new SessionValueError(`The session's _session_expiry ${JSON.stringify(text)} is not an ISO 8601 date.`);
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits.startsWith('-') ? -1 : 1);
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const utc = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis));
  // Date.UTC rolls 2026-02-31 over into March: a field out of range shows as a field that changed.
  const fieldsKept = utc.getUTCFullYear() === Number(y) && utc.getUTCMonth() === Number(mo) - 1 && utc.getUTCDate() === Number(d) &&
    utc.getUTCHours() === Number(h) && utc.getUTCMinutes() === Number(mi) && utc.getUTCSeconds() === Number(s);
  if (!fieldsKept) throw new SessionValueError(`The session's _session_expiry ${JSON.stringify(text)} is not a valid date.`);
  return new Date(utc.getTime() - offsetMinutes * 60_000);
}
