/** Message-ID and Date header values, as Python's email.utils writes them for Django. */
import { randomBytes } from 'node:crypto';
import { dnsName } from './dns-name.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** The UTC offset of `timeZone` at `at`, in minutes (east positive). */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * RFC 5322 date, as email.utils.formatdate(): in UTC as 'Mon, 07 Dec 2026 22:50:48 -0000', or,
 * given a time zone (EMAIL_USE_LOCALTIME), as its wall clock with its offset ('… +0100').
 */
export function formatDate(at: Date = new Date(), timeZone?: string): string {
  const offset = timeZone === undefined ? 0 : offsetMinutes(at, timeZone);
  const local = new Date(at.getTime() + offset * 60_000);
  const zone = timeZone === undefined ? '-0000' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${DAYS[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${zone}`;
}

/** A unique Message-ID: '<centiseconds.pid.random@host>', as email.utils.make_msgid(). */
export function makeMsgid(domain: string = dnsName()): string {
  const random = randomBytes(8).readBigUInt64BE();
  return `<${Math.floor(Date.now() / 10)}.${process.pid}.${random}@${domain}>`;
}
