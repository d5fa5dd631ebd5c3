/**
 * Setting a header on a message as Django's SafeMIME classes do: a value with a newline is
 * refused (header injection), non-ASCII values are encoded, address headers address by address.
 */
import { sanitizeAddress, splitAddresses } from './address.js';
import type { MailCharset } from './charsets.js';
import { encodeHeaderText, isAscii } from './encoded-words.js';
import { BadHeaderError } from './errors.js';
import type { MimePart } from './mime-part.js';
import { pythonRepr } from './python-repr.js';

/** Header names that hold addresses (RFC 5322). */
const ADDRESS_HEADERS = new Set([
  'from', 'sender', 'reply-to', 'to', 'cc', 'bcc', 'resent-from', 'resent-sender', 'resent-to', 'resent-cc', 'resent-bcc',
]);

/**
 * The value as it may go into the header `name`; BadHeaderError when the value (or the name)
 * holds a CR or LF. Django's forbid_multi_line_headers.
 */
export function headerValue(name: string, value: unknown, charset: MailCharset): string {
  const text = String(value);
  if (/[\r\n]/.test(text)) {
    throw new BadHeaderError(`Header values can't contain newlines (got ${pythonRepr(text)} for header ${pythonRepr(name)})`);
  }
  if (/[\r\n:]/.test(name) || name === '') {
    throw new BadHeaderError(`Header names must be non-empty and can't contain newlines or colons (got ${pythonRepr(name)})`);
  }
  if (!isAscii(text)) {
    if (ADDRESS_HEADERS.has(name.toLowerCase())) return splitAddresses(text).map((a) => sanitizeAddress(a, charset)).join(', ');
    return encodeHeaderText(text, charset);
  }
  return name.toLowerCase() === 'subject' ? encodeHeaderText(text, charset) : text;
}

/** Sets a header on `part` through headerValue(). */
export function setHeader(part: MimePart, name: string, value: unknown, charset: MailCharset): void {
  part.append(name, headerValue(name, value, charset));
}
