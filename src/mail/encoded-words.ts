/**
 * Header text as Python's email.header.Header writes it (Django encodes headers with it): ASCII
 * folded at spaces to lines of at most 78 characters; other text as RFC 2047 encoded words in
 * 'Q' or 'B' encoding (for UTF-8 whichever is shorter, Q on a tie), each line at most 78
 * characters, joined by a folding space.
 */
import { fitsCharset, UTF8, type MailCharset } from './charsets.js';

/** Python's email.header.MAXLINELEN. */
const MAX_LINE = 78;
const Q_SAFE = /^[A-Za-z0-9!*+\-/]$/;

function qByte(byte: number): string {
  if (byte === 0x20) return '_';
  const char = String.fromCharCode(byte);
  return byte < 0x80 && Q_SAFE.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

const qText = (bytes: Uint8Array): string => Array.from(bytes, qByte).join('');
const bLength = (bytes: Uint8Array): number => Math.ceil(bytes.length / 3) * 4;

/** True when `text` is all ASCII. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** ASCII text folded at spaces so that no line passes 78 characters where a space allows. */
function foldAscii(text: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = words[0]!;
  for (const word of words.slice(1)) {
    if (line.length + 1 + word.length > MAX_LINE - (lines.length > 0 ? 1 : 0) && line !== '') {
      lines.push(line);
      line = word;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n ');
}

/**
 * The header text encoded for a header value: ASCII folded, anything else as encoded words in
 * `charset` (UTF-8 when the text does not fit it).
 *
 * @example
 * encodeHeaderText('My Sürname'); // '=?utf-8?q?My_S=C3=BCrname?='
 */
export function encodeHeaderText(text: string, charset: MailCharset = UTF8): string {
  if (isAscii(text)) return foldAscii(text);
  const used = fitsCharset(text, charset) ? charset : UTF8;
  const encode = (piece: string): Buffer => Buffer.from(piece, used.bytes);
  const whole = encode(text);
  const useB = used.headerEncoding === 'shortest' && bLength(whole) < qText(whole).length;
  const prefix = `=?${used.name}?${useB ? 'b' : 'q'}?`;
  const word = (piece: string): string => `${prefix}${useB ? encode(piece).toString('base64') : qText(encode(piece))}?=`;
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    const room = MAX_LINE - (words.length > 0 ? 1 : 0);
    if (current !== '' && word(current + char).length > room) {
      words.push(word(current));
      current = char;
    } else {
      current += char;
    }
  }
  if (current !== '') words.push(word(current));
  return words.join('\n ');
}
