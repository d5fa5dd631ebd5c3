/** Body transfer encodings, as Python's email package writes them for Django. */

/** RFC 5322's limit on a line, in bytes, without its CRLF. */
export const MAX_LINE_BYTES = 998;
const QP_LINE = 76;

function qpLine(bytes: Buffer): string {
  let out = '';
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const last = i === bytes.length - 1;
    let token: string;
    if ((byte === 0x20 || byte === 0x09) && last) token = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    else if ((byte >= 33 && byte <= 126 && byte !== 61) || byte === 0x20 || byte === 0x09) token = String.fromCharCode(byte);
    else token = `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    // A soft line break ('=') keeps every line within 76 characters.
    if (line.length + token.length > QP_LINE - 1 && !(last && line.length + token.length <= QP_LINE)) {
      out += `${line}=\n`;
      line = '';
    }
    line += token;
  }
  return out + line;
}

/** Quoted-printable (RFC 2045) of text in the given byte encoding, lines kept, 76 characters at most. */
export function quotedPrintable(text: string, bytes: BufferEncoding): string {
  return text.split(/\r\n|\r|\n/).map((line) => qpLine(Buffer.from(line, bytes))).join('\n');
}

/** Base64 in lines of 76 characters, each line ended by '\n', as Python's encode_base64. */
export function base64Lines(content: Uint8Array): string {
  const encoded = Buffer.from(content).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** True when some line of `text` is longer than RFC 5322 allows once encoded. */
export function hasLongLines(text: string, bytes: BufferEncoding): boolean {
  return text.split(/\r\n|\r|\n/).some((line) => Buffer.byteLength(line, bytes) > MAX_LINE_BYTES);
}
