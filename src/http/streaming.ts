import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Readable } from 'node:stream';
import { HttpResponseBase } from './response-base.js';
import type { ResponseInit } from './response-base.js';

/** A body produced piece by piece: any sync or async iterable of strings or bytes. */
export type StreamSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/**
 * A response whose body is sent as it is produced, without Content-Length. Middleware that needs
 * the whole body (gzip, ETag) must check `response.streaming`.
 *
 * @example
 * return new StreamingHttpResponse((async function* () { yield 'a'; yield 'b'; })());
 */
export class StreamingHttpResponse extends HttpResponseBase {
  override readonly streaming: boolean = true;
  #source: StreamSource;

  constructor(source: StreamSource, init: ResponseInit = {}) {
    super(init);
    this.#source = source;
  }

  /** The body as an async iterable of Buffers. It can be read once. */
  get streamingContent(): AsyncIterable<Buffer> {
    const source = this.#source;
    return (async function* () {
      for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    })();
  }

  /** Replaces the body, e.g. with a wrapped stream in a middleware. */
  set streamingContent(source: StreamSource) {
    this.#source = source;
  }

  /** Reads the whole body (for tests; a real stream may be endless). */
  async readAll(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.streamingContent) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

export interface FileResponseOptions extends ResponseInit {
  /** Send `Content-Disposition: attachment` so the browser downloads it. */
  asAttachment?: boolean;
  /** The name the browser shows; defaults to the file's own name. */
  filename?: string;
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html', '.htm': 'text/html', '.txt': 'text/plain', '.css': 'text/css',
  '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.xml': 'application/xml', '.csv': 'text/csv', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/vnd.microsoft.icon', '.pdf': 'application/pdf', '.zip': 'application/zip',
  '.gz': 'application/gzip', '.wasm': 'application/wasm', '.mp4': 'video/mp4', '.woff2': 'font/woff2',
};

/**
 * Streams a file. Build it with `await FileResponse.fromPath(path)`, which sets Content-Type,
 * Content-Length and Content-Disposition as Django's FileResponse does; or pass a stream.
 *
 * @example return await FileResponse.fromPath('/srv/report.pdf', { asAttachment: true });
 */
export class FileResponse extends StreamingHttpResponse {
  constructor(stream: Readable | StreamSource, options: FileResponseOptions & { size?: number } = {}) {
    const { asAttachment = false, filename, size, ...init } = options;
    const type = filename === undefined ? undefined : MIME[extname(filename).toLowerCase()];
    super(stream as StreamSource, {
      contentType: type === undefined ? 'application/octet-stream' : type.startsWith('text/') ? `${type}; charset=utf-8` : type,
      ...init,
    });
    if (size !== undefined) this.headers.set('Content-Length', size);
    if (filename !== undefined || asAttachment) {
      this.headers.set('Content-Disposition', contentDisposition(filename, asAttachment));
    }
  }

  /** Opens the file at `path` and answers with it. */
  static async fromPath(path: string, options: FileResponseOptions = {}): Promise<FileResponse> {
    const info = await stat(path);
    return new FileResponse(createReadStream(path), { filename: basename(path), ...options, size: info.size });
  }
}

/** Content-Disposition as Django writes it: ASCII names quoted, others in RFC 5987 form. */
function contentDisposition(filename: string | undefined, asAttachment: boolean): string {
  const kind = asAttachment ? 'attachment' : 'inline';
  if (filename === undefined || filename === '') return kind;
   
  if (/^[\x20-\x7e]*$/.test(filename)) return `${kind}; filename="${filename.replace(/["\\]/g, '\\$&')}"`;
  return `${kind}; filename*=utf-8''${encodeURIComponent(filename)}`;
}
