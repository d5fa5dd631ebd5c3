/**
 * Receiving one file part: kept in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, spilled to a
 * temporary file beyond it (Django's MemoryFileUploadHandler and TemporaryFileUploadHandler).
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { SuspiciousMultipartForm } from '../conf/errors.js';
import { InMemoryUploadedFile, TemporaryUploadedFile } from './uploaded-file.js';
import type { UploadedFile } from './uploaded-file.js';

export interface FilePartOptions {
  name: string;
  fieldName: string;
  contentType: string;
  /** The part's Content-Transfer-Encoding; 'base64' is decoded, as Django does. */
  transferEncoding: string;
  /** FILE_UPLOAD_MAX_MEMORY_SIZE: a bigger file goes to a temporary file. */
  maxMemorySize: number;
  /** FILE_UPLOAD_TEMP_DIR; null for the system's. */
  tempDir: string | null;
  /** Called with a temporary file's path before it is created, so that cleanup can find it. */
  onTempFile: (path: string) => void;
}

/**
 * Reads a file part to its end and returns the UploadedFile.
 *
 * @throws SuspiciousMultipartForm for base64 content that does not decode; the stream's own
 *   error when it fails.
 * @example const file = await receiveFilePart(stream, { name: 'a.txt', fieldName: 'doc', ... });
 */
export async function receiveFilePart(stream: Readable, options: FilePartOptions): Promise<UploadedFile> {
  const decoder = options.transferEncoding === 'base64' ? new Base64Decoder() : null;
  const held: Buffer[] = [];
  let size = 0;
  let handle: FileHandle | null = null;
  let path: string | null = null;
  try {
    for await (const raw of stream) {
      const chunk = decoder === null ? (raw as Buffer) : decoder.push(raw as Buffer);
      if (chunk.length === 0) continue;
      size += chunk.length;
      if (handle === null && size > options.maxMemorySize) {
        path = tempPath(options.tempDir, options.name);
        options.onTempFile(path);
        handle = await open(path, 'wx', 0o600);
        for (const piece of held) await handle.write(piece);
        held.length = 0;
      }
      if (handle === null) held.push(chunk);
      else await handle.write(chunk);
    }
    decoder?.end();
  } finally {
    await handle?.close();
  }
  const init = { name: options.name, fieldName: options.fieldName, contentType: options.contentType };
  if (path === null) return new InMemoryUploadedFile(init, held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held, size));
  return new TemporaryUploadedFile({ ...init, size }, path);
}

function tempPath(dir: string | null, name: string): string {
  // Django's temporary files end in '.upload' plus the upload's extension; only a tame extension
  // is kept, so the client cannot choose odd file names on the server.
  const ext = extname(name);
  const suffix = /^\.[A-Za-z0-9_-]{1,16}$/.test(ext) ? ext : '';
  return join(dir ?? tmpdir(), `canter-${randomBytes(12).toString('hex')}.upload${suffix}`);
}

/** Decodes base64 in a stream, carrying the last 1-3 characters to the next chunk as Django does. */
export class Base64Decoder {
  #rest = '';

  push(chunk: Buffer): Buffer {
    const text = this.#rest + chunk.toString('latin1').replace(/\s+/g, '');
    const aligned = text.length - (text.length % 4);
    this.#rest = text.slice(aligned);
    if (aligned === 0) return Buffer.alloc(0);
    const body = text.slice(0, aligned);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw badBase64();
    return Buffer.from(body, 'base64');
  }

  end(): void {
    if (this.#rest !== '') throw badBase64();
  }
}

function badBase64(): SuspiciousMultipartForm {
  return new SuspiciousMultipartForm('Could not decode base64 data in a multipart file part.');
}
