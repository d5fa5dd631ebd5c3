import { isUtf8 } from 'node:buffer';
import { HttpResponse } from '../http/response.js';
import { CacheValueError } from './errors.js';

/**
 * How a cached page is stored: one string, which every backend holds as it is. The head is
 * lines: a version tag, the status, the reason (`-` for the standard one, else `+` and the
 * phrase), the charset, the body kind, the number of headers, then each header's name and value
 * on a line of their own (header values never hold a line break: ResponseHeaders refuses them).
 * The body follows unescaped. A cache hit therefore reads a few short lines and hands the body to
 * the response without copying or unescaping it.
 *
 * Body kinds: `t` text sent as it is (UTF-8 bodies of UTF-8 responses), `u` UTF-8 text to turn
 * back into bytes (a UTF-8 body under another charset), `b` base64 (anything else, and bodies
 * with NUL, which some stores cannot hold). Cookies are never stored: a cached page must not
 * hand one visitor's cookie to the next.
 */
const VERSION = 'canter-page:1\n';

type BodyKind = 't' | 'u' | 'b';

/**
 * The cacheable form of a response (status, reason, charset, headers and body; never cookies).
 *
 * @example await cache.set(key, encodeResponse(response), 600);
 */
export function encodeResponse(response: HttpResponse): string {
  const [kind, body] = encodeBody(response);
  const reason = response.customReasonPhrase;
  const lines = [String(response.statusCode), reason === undefined ? '-' : `+${reason}`, response.charset, kind, String(response.headers.size)];
  for (const [name, value] of response.headers) lines.push(name, value);
  return `${VERSION}${lines.join('\n')}\n${body}`;
}

function encodeBody(response: HttpResponse): [BodyKind, string] {
  const { body, encoding } = response.wireBody;
  if (typeof body === 'string' && encoding === 'utf8' && !body.includes('\0')) return ['t', body];
  const bytes = typeof body === 'string' ? Buffer.from(body, encoding) : body;
  if (!bytes.includes(0) && isUtf8(bytes)) return [isUtf8Charset(response.charset) ? 't' : 'u', bytes.toString('utf8')];
  return ['b', bytes.toString('base64')];
}

function isUtf8Charset(charset: string): boolean {
  return /^utf-?8$/i.test(charset);
}

/**
 * The response a stored page stands for; a fresh object each time, so changing it changes
 * nothing in the cache. Throws CacheValueError when the text is not an encodeResponse() result.
 *
 * @example const response = decodeResponse(await cache.get(key));
 */
export function decodeResponse(data: string): HttpResponse {
  if (!data.startsWith(VERSION)) throw corrupt();
  // The head's lines, read in place: [status, reason, charset, kind, count, name, value, …].
  const fields: string[] = [];
  let at = VERSION.length;
  let wanted = 5;
  while (fields.length < wanted) {
    const end = data.indexOf('\n', at);
    if (end < 0) throw corrupt();
    fields.push(data.slice(at, end));
    at = end + 1;
    if (fields.length === 5) wanted = 5 + 2 * headerCount(fields[4]!);
  }
  const [status, reason, charset, kind] = fields as [string, string, string, string];
  const text = data.slice(at);
  const content = kind === 't' ? text : kind === 'u' ? Buffer.from(text, 'utf8') : kind === 'b' ? Buffer.from(text, 'base64') : undefined;
  if (content === undefined || (reason[0] !== '-' && reason[0] !== '+')) throw corrupt();
  const headers: Array<[string, string]> = [];
  let typed = false;
  for (let i = 5; i < fields.length; i += 2) {
    const name = fields[i]!;
    typed ||= name.length === 12 && name.toLowerCase() === 'content-type';
    headers.push([name, fields[i + 1]!]);
  }
  let response: HttpResponse;
  try {
    response = new HttpResponse(content, { status: Number(status), charset, headers, ...(reason === '-' ? {} : { reason: reason.slice(1) }) });
  } catch (error) {
    throw corrupt(error);
  }
  // The constructor supplies a Content-Type when none is given; a stored 304 had none.
  if (!typed) response.headers.delete('Content-Type');
  return response;
}

function headerCount(field: string): number {
  const count = Number(field);
  if (!Number.isSafeInteger(count) || count < 0 || field === '') throw corrupt();
  return count;
}

function corrupt(cause?: unknown): CacheValueError {
  return new CacheValueError('A cached page is corrupt or was not written by encodeResponse(); it is ignored.', { cause });
}
