/**
 * A small reader of the messages Canter writes, standing in for Python's email parser in the
 * ported tests: headers unfolded with encoded words decoded, bodies decoded, multiparts split.
 */

export interface ParsedMessage {
  /** A header, decoded (encoded words turned back into text); undefined when absent. */
  get(name: string): string | undefined;
  getAll(name: string): string[];
  /** A header exactly as written. */
  raw(name: string): string | undefined;
  has(name: string): boolean;
  items(): Array<[string, string]>;
  contentType: string;
  isMultipart: boolean;
  parts: ParsedMessage[];
  /** The body as text, transfer encoding undone (for text parts). */
  payload: string;
  /** The body as bytes, transfer encoding undone. */
  content: Buffer;
  /** The attachment filename, from Content-Disposition. */
  filename: string | undefined;
  disposition: string | undefined;
  /** The message inside a message/rfc822 part. */
  inner: ParsedMessage | undefined;
  source: string;
}

function decodeWords(value: string): string {
  const unfolded = value.replace(/\r?\n[ \t]/g, ' ');
  return unfolded
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([qQbB])\?([^?]*)\?=/g, (_m, charset: string, kind: string, text: string) => {
      const encoding = /^(iso-8859-1|latin-?1)$/i.test(charset) ? 'latin1' : 'utf8';
      const bytes = kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return bytes.toString(encoding);
    });
}

function param(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  const star = new RegExp(`${name}\\*=([^']*)'[^']*'([^;]+)`, 'i').exec(header);
  if (star !== null) return decodeURIComponent(star[2]!.trim());
  const quoted = new RegExp(`${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  if (quoted !== null) return quoted[1]!.replace(/\\(.)/g, '$1');
  const bare = new RegExp(`${name}=([^;\\s]+)`, 'i').exec(header);
  return bare?.[1];
}

/** Parses a message written with '\n' or '\r\n' line ends. */
export function parseMessage(input: string | Buffer): ParsedMessage {
  const source = (typeof input === 'string' ? input : input.toString('utf8')).replace(/\r\n/g, '\n');
  const split = source.indexOf('\n\n');
  const head = split < 0 ? source : source.slice(0, split);
  const body = split < 0 ? '' : source.slice(split + 2);
  const headers: Array<[string, string]> = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1]![1] += `\n${line}`;
    else if (line.includes(':')) headers.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).replace(/^ /, '')]);
  }
  const rawAll = (name: string): string[] => headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  const contentTypeHeader = rawAll('Content-Type')[0];
  const contentType = (contentTypeHeader?.split(';')[0] ?? 'text/plain').trim().toLowerCase();
  const boundary = param(contentTypeHeader, 'boundary');
  const isMultipart = contentType.startsWith('multipart/') && boundary !== undefined;
  let parts: ParsedMessage[] = [];
  if (isMultipart) {
    const sections = body.split(`--${boundary}`);
    parts = sections.slice(1).filter((s) => !s.startsWith('--')).map((s) => parseMessage(s.replace(/^\n/, '').replace(/\n$/, '')));
  }
  const cte = (rawAll('Content-Transfer-Encoding')[0] ?? '7bit').toLowerCase();
  let content: Buffer;
  if (cte === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable') {
    content = Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  } else content = Buffer.from(body, 'utf8');
  const charset = (param(contentTypeHeader, 'charset') ?? 'utf-8').toLowerCase();
  const payload = content.toString(/^(iso-8859-1|latin-?1)$/.test(charset) ? 'latin1' : 'utf8');
  const disposition = rawAll('Content-Disposition')[0];
  return {
    get: (name) => {
      const v = rawAll(name)[0];
      return v === undefined ? undefined : decodeWords(v);
    },
    getAll: (name) => rawAll(name).map(decodeWords),
    raw: (name) => rawAll(name)[0],
    has: (name) => rawAll(name).length > 0,
    items: () => headers.map(([n, v]) => [n, v]),
    contentType,
    isMultipart,
    parts,
    payload,
    content,
    filename: param(disposition, 'filename'),
    disposition: disposition?.split(';')[0]?.trim().toLowerCase(),
    inner: contentType === 'message/rfc822' ? parseMessage(body) : undefined,
    source,
  };
}

/** The MIME structure, indented as Django's tests' get_message_structure() prints it. */
export function structure(message: ParsedMessage, level = 0): string {
  const own = `${' '.repeat(level * 4)}${message.contentType}\n`;
  const children = message.isMultipart ? message.parts : message.inner ? [message.inner] : [];
  return own + children.map((p) => structure(p, level + 1)).join('');
}

/** The attachments of a message: (filename, content, mimetype), text decoded, bytes kept. */
export function decodedAttachments(message: ParsedMessage): Array<[string | undefined, string | Buffer, string]> {
  // As Python's iter_attachments(): every part of the multipart but the body (a first text or multipart part without a disposition).
  return message.parts
    .filter((p, i) => !(i === 0 && p.disposition === undefined && (p.contentType === 'text/plain' || p.contentType === 'text/html' || p.isMultipart)))
    .map((p) => [p.filename, p.contentType.startsWith('text/') ? p.payload : p.content, p.contentType]);
}
