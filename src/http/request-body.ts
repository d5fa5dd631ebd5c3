import { Readable } from 'node:stream';
import { RequestDataTooBig } from '../conf/errors.js';
import { readBody } from './body.js';
import { mediaTypeOf } from './content-type.js';
import type { MultiValueDict } from './multi-value-dict.js';
import { parseMultipart } from './multipart.js';
import type { QueryDict } from './query-dict.js';
import type { RequestSettings } from './request-settings.js';
import type { UploadedFile } from './uploaded-file.js';

/** A request body as read: raw bytes, or (multipart) the parsed fields and files. */
export type LoadedBody =
  | { kind: 'bytes'; body: Buffer }
  | { kind: 'multipart'; POST: QueryDict; FILES: MultiValueDict<UploadedFile>; cleanup: () => Promise<void> };

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body within the upload limits of the request's settings: multipart bodies stream through
 * the multipart parser (files may spill to disk), others are buffered up to
 * DATA_UPLOAD_MAX_MEMORY_SIZE.
 */
export async function loadBody(
  source: Readable | Buffer | string | null | undefined,
  contentType: string | undefined,
  contentLength: string | undefined,
  s: RequestSettings,
): Promise<LoadedBody> {
  if (mediaTypeOf(contentType) === 'multipart/form-data') {
    const stream = source instanceof Readable ? source : Readable.from([toBuffer(source)]);
    const parsed = await parseMultipart(stream, contentType ?? '', {
      maxMemorySize: s.dataUploadMaxMemorySize,
      maxNumberFields: s.dataUploadMaxNumberFields,
      maxNumberFiles: s.dataUploadMaxNumberFiles,
      fileMaxMemorySize: s.fileUploadMaxMemorySize,
      tempDir: s.fileUploadTempDir,
    });
    return { kind: 'multipart', ...parsed };
  }
  const limit = s.dataUploadMaxMemorySize;
  if (source instanceof Readable) {
    const body = await readBody(source, { limit, contentLength: contentLength === undefined ? null : Number(contentLength) });
    return { kind: 'bytes', body };
  }
  const bytes = toBuffer(source);
  if (limit !== null && bytes.length > limit) {
    throw new RequestDataTooBig(`The request body is ${bytes.length} bytes, over DATA_UPLOAD_MAX_MEMORY_SIZE (${limit}).`);
  }
  return { kind: 'bytes', body: bytes };
}

function toBuffer(body: Buffer | string | null | undefined | Readable): Buffer {
  if (body === null || body === undefined) return EMPTY;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Buffer) return body;
  return EMPTY;
}
