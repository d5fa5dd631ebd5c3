/**
 * The charsets a message may be written in, with how Python's email package (and so Django)
 * encodes headers and bodies in each: UTF-8 bodies go as they are (7bit/8bit) unless a line is
 * longer than RFC 5322 allows; ISO-8859-1 bodies as quoted-printable; ASCII as it is.
 */
import { UnsupportedEncoding } from './errors.js';

/** How one charset is written. */
export interface MailCharset {
  /** The name in Content-Type and encoded words, lower case: 'utf-8'. */
  readonly name: string;
  /** Node's encoding for the bytes. */
  readonly bytes: 'utf8' | 'latin1' | 'ascii';
  /** 'shortest' picks Q or B per header, as Python does for UTF-8; 'q' always Q. */
  readonly headerEncoding: 'shortest' | 'q';
  /** 'auto': 7bit/8bit, quoted-printable for lines over 998 bytes; 'qp': always quoted-printable. */
  readonly bodyEncoding: 'auto' | 'qp';
}

const UTF8: MailCharset = { name: 'utf-8', bytes: 'utf8', headerEncoding: 'shortest', bodyEncoding: 'auto' };
const LATIN1: MailCharset = { name: 'iso-8859-1', bytes: 'latin1', headerEncoding: 'q', bodyEncoding: 'qp' };
const ASCII: MailCharset = { name: 'us-ascii', bytes: 'ascii', headerEncoding: 'q', bodyEncoding: 'auto' };

const BY_NAME: Readonly<Record<string, MailCharset>> = {
  'utf-8': UTF8,
  utf8: UTF8,
  'iso-8859-1': LATIN1,
  'iso8859-1': LATIN1,
  'latin-1': LATIN1,
  latin1: LATIN1,
  'us-ascii': ASCII,
  ascii: ASCII,
};

/** The charset called `name`; UnsupportedEncoding for one Canter cannot write. */
export function mailCharset(name: string): MailCharset {
  const charset = BY_NAME[name.toLowerCase()];
  if (charset === undefined) {
    throw new UnsupportedEncoding(`Messages cannot be written in ${JSON.stringify(name)}; use one of 'utf-8', 'iso-8859-1', 'us-ascii'.`);
  }
  return charset;
}

/** True when every character of `text` has a byte in `charset`. */
export function fitsCharset(text: string, charset: MailCharset): boolean {
  if (charset.bytes === 'utf8') return true;
  const max = charset.bytes === 'latin1' ? 0xff : 0x7f;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > max) return false;
  return true;
}

export { UTF8 };
