/** Message-ID and Date header values, as Python's email.utils writes them for Django. */
import { randomBytes } from 'node:crypto';
import { dnsName } from './dns-name.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date in UTC, as email.utils.formatdate(): 'Mon, 07 Dec 2026 22:50:48 -0000'. */
export function formatDate(at: Date = new Date()): string {
  return `${DAYS[at.getUTCDay()]}, ${pad(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ` +
    `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} -0000`;
}

/** A unique Message-ID: '<centiseconds.pid.random@host>', as email.utils.make_msgid(). */
export function makeMsgid(domain: string = dnsName()): string {
  const random = randomBytes(8).readBigUInt64BE();
  return `<${Math.floor(Date.now() / 10)}.${process.pid}.${random}@${domain}>`;
}
