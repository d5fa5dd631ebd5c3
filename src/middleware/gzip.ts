import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { constants, createGzip, gzip, gzipSync } from 'node:zlib';
import type { Gzip } from 'node:zlib';
import { MiddlewareMixin } from './mixin.js';
import type { MixinHooks } from './mixin.js';
import { patchVaryHeaders } from '../http/cache-control.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import { StreamingHttpResponse } from '../http/streaming.js';
import type { StreamSource } from '../http/streaming.js';
import type { MaybePromise } from '../utils/maybe-promise.js';

const gzipAsync = promisify(gzip);

/** Bodies this long or longer are compressed on the thread pool rather than on the event loop. */
const ASYNC_FROM = 64 * 1024;
const LEVEL = 6;
const HEADER_LENGTH = 10;
const FNAME = 0x08;

export interface CompressOptions {
  /**
   * Puts a name of 0 to maxRandomBytes − 1 bytes (chosen at random each time) in the gzip header,
   * so the length of the answer no longer tells an attacker how well a guess compressed (BREACH).
   * 0 or undefined: no name.
   */
  maxRandomBytes?: number;
}

/**
 * Gzips a body at level 6, as Django's compress_string.
 *
 * @example compressString(Buffer.from(html), { maxRandomBytes: 100 })
 */
export function compressString(data: Uint8Array, options: CompressOptions = {}): Buffer {
  return withRandomName(gzipSync(data, { level: LEVEL }), options.maxRandomBytes);
}

/** compressString on the thread pool, for large bodies. */
export async function compressStringAsync(data: Uint8Array, options: CompressOptions = {}): Promise<Buffer> {
  return withRandomName(await gzipAsync(data, { level: LEVEL }), options.maxRandomBytes);
}

/**
 * Gzips a stream as one gzip member, as Django's compress_sequence: output comes as zlib produces
 * it, or after every chunk with `flushEach` (server-sent events must not wait in a buffer).
 *
 * @example response.streamingContent = compressSequence(response.streamingContent, { maxRandomBytes: 100 });
 */
export async function* compressSequence(
  source: StreamSource,
  options: CompressOptions & { flushEach?: boolean } = {},
): AsyncGenerator<Buffer, void, undefined> {
  const zip = createGzip({ level: LEVEL });
  void feed(source, zip, options.flushEach === true);
  // The header is patched once its 10 bytes are all out; zlib gives them with its first output.
  let head: Buffer | null = options.maxRandomBytes ? Buffer.alloc(0) : null;
  try {
    for await (const chunk of zip as AsyncIterable<Buffer>) {
      if (head === null) {
        yield chunk;
        continue;
      }
      head = Buffer.concat([head, chunk]);
      if (head.length < HEADER_LENGTH) continue;
      const first = withRandomName(head, options.maxRandomBytes);
      head = null;
      yield first;
    }
  } finally {
    // The reader stopped early (client gone): stop compressing, which stops the feeding too.
    zip.destroy();
  }
}

/** Writes the source into the gzip stream with back-pressure; a failing source fails the stream. */
async function feed(source: StreamSource, zip: Gzip, flushEach: boolean): Promise<void> {
  try {
    for await (const chunk of source) {
      if (zip.destroyed) return;
      if (chunk.length === 0) continue;
      if (!zip.write(chunk)) await Promise.race([once(zip, 'drain'), once(zip, 'close')]);
      if (flushEach && !zip.destroyed) await new Promise((done) => zip.flush(constants.Z_SYNC_FLUSH, () => done(null)));
    }
    zip.end();
  } catch (error) {
    zip.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Sets FNAME in a gzip member's header and inserts a name of randomInt(max) 'a's after it. */
function withRandomName(compressed: Buffer, maxRandomBytes: number | undefined): Buffer {
  if (!maxRandomBytes || maxRandomBytes < 1) return compressed;
  const length = randomInt(maxRandomBytes);
  const out = Buffer.allocUnsafe(compressed.length + length + 1);
  compressed.copy(out, 0, 0, HEADER_LENGTH);
  out[3] = FNAME;
  out.fill(0x61, HEADER_LENGTH, HEADER_LENGTH + length);
  out[HEADER_LENGTH + length] = 0;
  compressed.copy(out, HEADER_LENGTH + length + 1, HEADER_LENGTH);
  return out;
}

/**
 * True when an Accept-Encoding header accepts gzip: a `gzip` or `x-gzip` coding (any case) whose
 * q is not 0, or else a `*` whose q is not 0. A malformed q counts as 1, as Django's plain search
 * for "gzip" would.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const semi = part.indexOf(';');
    const coding = (semi < 0 ? part : part.slice(0, semi)).trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const accepted = semi < 0 || qValue(part.slice(semi + 1)) > 0;
    if (coding !== '*') return accepted;
    wildcard = accepted;
  }
  return wildcard;
}

const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

function qValue(params: string): number {
  for (const param of params.split(';')) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') continue;
    const value = param.slice(eq + 1).trim();
    return QVALUE.test(value) ? Number(value) : 1;
  }
  return 1;
}

/** Bodies shorter than this are not worth compressing. */
const MIN_LENGTH = 200;

/**
 * Django's GZipMiddleware: compresses responses for clients whose Accept-Encoding takes gzip, sets
 * Content-Encoding and Content-Length, adds `Vary: Accept-Encoding`, and makes a strong ETag weak
 * (the bytes differ from the uncompressed ones). Bodies under 200 bytes, responses that already
 * have a Content-Encoding, and bodies that would not get shorter are sent as they are. Streaming
 * responses are compressed as they stream.
 *
 * Against BREACH, each compressed answer carries 0–99 random bytes in its gzip header
 * (maxRandomBytes, Django's max_random_bytes; set it to 0 in a subclass to turn it off). That
 * hides the small length differences the attack measures; it is a mitigation, not a cure —
 * do not compress pages that mix secrets with text an attacker controls.
 *
 * Put it before (outside) every middleware that reads or changes the body.
 *
 * @example MIDDLEWARE: [SecurityMiddleware, GZipMiddleware, SessionMiddleware, CommonMiddleware]
 */
export class GZipMiddleware extends MiddlewareMixin implements MixinHooks {
  /** At most this many random bytes (less one) go in each gzip header; 0 turns it off. */
  maxRandomBytes = 100;

  processResponse(request: HttpRequest, response: HttpResponseBase): MaybePromise<HttpResponseBase> {
    const options = { maxRandomBytes: this.maxRandomBytes };
    if (response instanceof StreamingHttpResponse) {
      if (!negotiate(request, response)) return response;
      const flushEach = (response.headers.get('Content-Type') ?? '').startsWith('text/event-stream');
      response.streamingContent = compressSequence(response.streamingContent, { ...options, flushEach });
      // The compressed length is known only once the stream is over.
      response.headers.delete('Content-Length');
      return markEncoded(response);
    }
    if (!(response instanceof HttpResponse) || bodyLength(response) < MIN_LENGTH) return response;
    if (!negotiate(request, response)) return response;
    const content = response.content;
    if (content.length >= ASYNC_FROM) {
      return compressStringAsync(content, options).then((compressed) => useCompressed(response, content, compressed));
    }
    return useCompressed(response, content, compressString(content, options));
  }
}

/**
 * Whether to compress a response worth compressing: never one already encoded; otherwise the
 * answer depends on Accept-Encoding, so Vary says so (even when the client takes no gzip).
 */
function negotiate(request: HttpRequest, response: HttpResponseBase): boolean {
  if (response.headers.has('Content-Encoding')) return false;
  patchVaryHeaders(response, ['Accept-Encoding']);
  return acceptsGzip(request.headers.get('accept-encoding'));
}

function bodyLength(response: HttpResponse): number {
  const { body, encoding } = response.wireBody;
  return typeof body === 'string' ? Buffer.byteLength(body, encoding) : body.length;
}

function useCompressed(response: HttpResponse, original: Buffer, compressed: Buffer): HttpResponse {
  if (compressed.length >= original.length) return response;
  response.content = compressed;
  response.headers.set('Content-Length', compressed.length);
  return markEncoded(response);
}

function markEncoded<R extends HttpResponseBase>(response: R): R {
  // RFC 9110 §8.8.1: a strong ETag promises these exact bytes; weak still lets If-None-Match match.
  const etag = response.headers.get('ETag');
  if (etag?.startsWith('"')) response.headers.set('ETag', `W/${etag}`);
  response.headers.set('Content-Encoding', 'gzip');
  return response;
}
