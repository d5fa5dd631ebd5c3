/** The MIME parts a message is made of: text bodies, attachments, multiparts (Django's SafeMIME classes). */
import { base64Lines, hasLongLines, quotedPrintable } from './body-encoding.js';
import type { MailCharset } from './charsets.js';
import { fitsCharset } from './charsets.js';
import { isAscii } from './encoded-words.js';
import { UnsupportedEncoding } from './errors.js';
import { MimePart } from './mime-part.js';

/** Django's DEFAULT_ATTACHMENT_MIME_TYPE. */
export const DEFAULT_ATTACHMENT_MIME_TYPE = 'application/octet-stream';

/**
 * A text part: 7bit or 8bit as it is, quoted-printable when a line is longer than RFC 5322
 * allows or the charset always asks for it (ISO-8859-1).
 */
export function textPart(text: string, subtype: string, charset: MailCharset): MimePart {
  if (!fitsCharset(text, charset)) {
    throw new UnsupportedEncoding(`The text holds characters ${charset.name} cannot write; use the 'utf-8' encoding.`);
  }
  const qp = charset.bodyEncoding === 'qp' || hasLongLines(text, charset.bytes);
  const part = new MimePart(qp ? quotedPrintable(text, charset.bytes) : text);
  part.append('Content-Type', `text/${subtype}; charset="${charset.name}"`);
  part.append('MIME-Version', '1.0');
  part.append('Content-Transfer-Encoding', qp ? 'quoted-printable' : isAscii(text) ? '7bit' : '8bit');
  return part;
}

/** A multipart of the given subtype ('mixed', 'alternative') holding `parts`. */
export function multipart(subtype: string, parts: MimePart[]): MimePart {
  const part = new MimePart(parts, { multipart: true });
  part.append('Content-Type', `multipart/${subtype}; boundary="${part.boundary}"`);
  part.append('MIME-Version', '1.0');
  return part;
}

/** A message/rfc822 part holding a whole message (never base64: RFC 2046 5.2.1). */
export function messagePart(message: MimePart | string): MimePart {
  const inner = typeof message === 'string' ? message : message.asString();
  const part = new MimePart(inner);
  part.append('Content-Type', 'message/rfc822');
  part.append('MIME-Version', '1.0');
  return part;
}

/**
 * A binary part, base64-encoded: Django's MIMEBase with encode_base64. Use it to attach a part
 * of your own (an inline image with a Content-ID) with `message.attach(part)`.
 *
 * @example
 * const logo = mimeAttachment(png, 'image/png');
 * logo.append('Content-ID', '<logo@example.com>');
 * logo.append('Content-Disposition', 'inline');
 * email.attach(logo);
 */
export function mimeAttachment(content: Uint8Array | string, mimetype: string): MimePart {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const part = new MimePart(base64Lines(bytes));
  part.append('Content-Type', mimetype);
  part.append('MIME-Version', '1.0');
  part.append('Content-Transfer-Encoding', 'base64');
  return part;
}

/** Content-Disposition for a named attachment; a non-ASCII name is written as RFC 2231 says. */
export function attachmentDisposition(filename: string): string {
  if (isAscii(filename)) return `attachment; filename="${filename.replace(/[\\"]/g, '\\$&')}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=utf-8''${encoded}`;
}
