/** A file to send in a test POST: `{ name, content, contentType? }`. */
export interface TestFile {
  name: string;
  content: string | Uint8Array;
  contentType?: string;
}

export type FormValue = string | number | boolean | TestFile | ReadonlyArray<string | number | boolean | TestFile>;
export type FormData = Readonly<Record<string, FormValue | null | undefined>>;

export const BOUNDARY = 'BoUnDaRyStRiNg';
export const MULTIPART_CONTENT = `multipart/form-data; boundary=${BOUNDARY}`;

function isFile(value: unknown): value is TestFile {
  return typeof value === 'object' && value !== null && 'name' in value && 'content' in value;
}

function each(data: FormData, fn: (key: string, value: string | TestFile) => void): void {
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) fn(key, isFile(v) ? v : String(v));
  }
}

/** `a=1&b=2`, with lists repeated: `a=1&a=2`. */
export function encodeQuery(data: FormData): string {
  const parts: string[] = [];
  each(data, (key, value) => {
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(isFile(value) ? value.name : value)}`);
  });
  return parts.join('&');
}

/** A multipart/form-data body, Django's encode_multipart. */
export function encodeMultipart(data: FormData, boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  const quote = (s: string): string => s.replace(/["\\\r\n]/g, (c) => encodeURIComponent(c));
  each(data, (key, value) => {
    if (isFile(value)) {
      chunks.push(Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(key)}"; filename="${quote(value.name)}"\r\n` +
          `Content-Type: ${value.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ));
      chunks.push(typeof value.content === 'string' ? Buffer.from(value.content) : Buffer.from(value.content));
      chunks.push(Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(key)}"\r\n\r\n${value}\r\n`));
    }
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
