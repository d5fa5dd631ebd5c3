/**
 * One part of a MIME message, as Python's email.message.Message is to Django: headers in the
 * order they were set, and a payload that is either encoded text or a list of parts. What
 * `EmailMessage.message()` returns; the backends write it out with `asString()`/`asBytes()`.
 */
import { randomInt } from 'node:crypto';

/** A payload: the encoded body text, or the parts of a multipart. */
export type MimePayload = string | MimePart[];

/** A fresh multipart boundary in Python's style: '===============1234567890123456789=='. */
function newBoundary(): string {
  let digits = '';
  for (let i = 0; i < 19; i++) digits += String(randomInt(10));
  return `===============${digits}==`;
}

export class MimePart {
  readonly #headers: Array<[string, string]> = [];
  /** The encoded body, or the subparts of a multipart (and the message of a message/rfc822 part). */
  payload: MimePayload;
  /** The multipart boundary, when this part is a multipart. */
  readonly boundary: string | undefined;

  constructor(payload: MimePayload, options: { multipart?: boolean } = {}) {
    this.payload = payload;
    this.boundary = options.multipart ? newBoundary() : undefined;
  }

  /** Adds a header (a name may repeat, as in Python's `msg[name] = value`). */
  append(name: string, value: string): void {
    this.#headers.push([name, value]);
  }

  /** The first value of a header, case-insensitively; undefined when absent. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.#headers.find(([n]) => n.toLowerCase() === lower)?.[1];
  }

  /** Every value of a header, in order. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    return this.#headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The headers as [name, value] pairs, in order. */
  items(): Array<[string, string]> {
    return this.#headers.map(([n, v]) => [n, v]);
  }

  /** The MIME type from Content-Type, lower case ('text/plain' when absent). */
  getContentType(): string {
    const value = this.get('Content-Type');
    return value === undefined ? 'text/plain' : value.split(';')[0]!.trim().toLowerCase();
  }

  isMultipart(): boolean {
    return Array.isArray(this.payload) && this.boundary !== undefined;
  }

  /** The body, or the i-th subpart of a multipart. */
  getPayload(): MimePayload;
  getPayload(index: number): MimePart;
  getPayload(index?: number): MimePayload | MimePart {
    if (index === undefined) return this.payload;
    if (!Array.isArray(this.payload)) throw new TypeError('Expected a multipart payload');
    const part = this.payload[index];
    if (part === undefined) throw new RangeError(`No subpart ${index}`);
    return part;
  }

  /** The part as text, lines ended by `linesep` ('\n', or '\r\n' on the wire). */
  asString(linesep = '\n'): string {
    const head = this.#headers.map(([name, value]) => `${name}: ${value.replace(/\r?\n/g, linesep)}`).join(linesep);
    return `${head}${linesep}${linesep}${this.#bodyText(linesep)}`;
  }

  /** The part as bytes (text in UTF-8; bodies in other charsets are already ASCII). */
  asBytes(linesep = '\n'): Buffer {
    return Buffer.from(this.asString(linesep), 'utf8');
  }

  toString(): string {
    return this.asString();
  }

  #bodyText(linesep: string): string {
    const payload = this.payload;
    if (!Array.isArray(payload)) return payload.replace(/\r\n|\r|\n/g, linesep);
    if (this.boundary === undefined) return payload.map((p) => p.asString(linesep)).join('');
    const parts = payload.map((part) => `--${this.boundary}${linesep}${part.asString(linesep)}${linesep}`);
    return `${parts.join('')}--${this.boundary}--${linesep}`;
  }
}
