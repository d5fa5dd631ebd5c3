/**
 * Reading a request body into memory under DATA_UPLOAD_MAX_MEMORY_SIZE.
 */
import type { Readable } from 'node:stream';
import { RequestDataTooBig } from '../conf/errors.js';
import { ClientDisconnected } from './errors.js';

export interface ReadBodyOptions {
  /** DATA_UPLOAD_MAX_MEMORY_SIZE in bytes; null for no limit. */
  limit: number | null;
  /** The Content-Length header as a number, when the client sent one. */
  contentLength?: number | null;
}

/**
 * Collects a body. A Content-Length over the limit is refused before anything is read; a body
 * that turns out longer is refused as soon as it passes the limit. After a refusal the rest of
 * the stream is drained and dropped, so a keep-alive connection can carry the next request.
 *
 * @throws RequestDataTooBig (413) over the limit; ClientDisconnected (400) when the stream fails
 *   or closes before its end.
 * @example const body = await readBody(req, { limit: 2_621_440, contentLength: Number(req.headers['content-length']) });
 */
export function readBody(stream: Readable, options: ReadBodyOptions): Promise<Buffer> {
  const limit = options.limit;
  const declared = options.contentLength ?? null;
  if (limit !== null && declared !== null && declared > limit) {
    drain(stream);
    return Promise.reject(tooBig(`declares ${declared} bytes`, limit));
  }
  if (stream.readableEnded) return Promise.resolve(Buffer.alloc(0));
  if (stream.destroyed) {
    return Promise.reject(new ClientDisconnected('The request body stream was closed before it was read.'));
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;

    const finish = (error: Error | null): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      stream.off('aborted', onAborted);
      if (error === null) {
        resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
      } else {
        chunks.length = 0;
        reject(error);
      }
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (limit !== null && received > limit) {
        finish(tooBig(`sent more than ${limit} bytes`, limit));
        drain(stream);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish(null);
    const onError = (error: Error): void =>
      finish(new ClientDisconnected(`The request body could not be read: ${error.message}.`, { cause: error }));
    const onAborted = (): void =>
      finish(new ClientDisconnected('The client closed the connection before the request body was complete.'));
    // 'close' without 'end' is a premature close, whatever kind of stream this is.
    const onClose = (): void => {
      if (!stream.readableEnded) onAborted();
    };

    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.on('aborted', onAborted);
    // A stream someone paused would otherwise never deliver its data.
    stream.resume();
  });
}

function tooBig(what: string, limit: number): RequestDataTooBig {
  return new RequestDataTooBig(
    `The request body ${what}, over settings.DATA_UPLOAD_MAX_MEMORY_SIZE (${limit} bytes). ` +
      'Send a smaller body, or raise DATA_UPLOAD_MAX_MEMORY_SIZE (null disables the check).',
  );
}

/** Reads and drops whatever is left; keeps an error listener so a late failure cannot crash the process. */
export function drain(stream: Readable): void {
  stream.on('error', noop);
  stream.resume();
}

function noop(): void {}
