import { hash } from 'node:crypto';
import { getLogger } from '../conf/log.js';
import type { HttpRequest } from './request.js';
import { HttpResponse, HttpResponseNotModified } from './response.js';
import type { HttpResponseBase } from './response-base.js';

// One entity tag, strong or weak: `"abc"` or `W/"abc"` (RFC 9110 §8.8.3).
const ETAG = /^((?:W\/)?"[^"]*")$/;

/**
 * An entity tag in its quoted form: left alone when it already is one, else wrapped in quotes.
 *
 * @example quoteEtag('abc') // '"abc"'; quoteEtag('W/"abc"') // 'W/"abc"'
 */
export function quoteEtag(etag: string): string {
  return ETAG.test(etag) ? etag : `"${etag}"`;
}

/**
 * The entity tags of an If-Match / If-None-Match value: `['*']` for `*`, otherwise every
 * well-formed tag of the comma-separated list. Malformed entries are dropped, so garbage gives
 * an empty list (the header is then ignored); it never throws.
 *
 * @example parseEtags('"a", W/"b", junk') // ['"a"', 'W/"b"']
 */
export function parseEtags(header: string): string[] {
  if (header.trim() === '*') return ['*'];
  const tags: string[] = [];
  for (const part of header.split(',')) {
    const tag = part.trim();
    if (ETAG.test(tag)) tags.push(tag);
  }
  return tags;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// The three date forms RFC 9110 §5.6.7 obliges a recipient to accept: IMF-fixdate, the obsolete
// RFC 850 form (two-digit year) and asctime's.
const IMF_FIXDATE = /^\w{3}, (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^\w{6,9}, (\d{2})-(\w{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^\w{3} (\w{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * An HTTP date as Unix seconds, or null when it is not one (Django's parse_http_date_safe):
 * a conditional header holding garbage is then ignored rather than answered with an error.
 *
 * @example parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT') // 784111777
 */
export function parseHttpDate(value: string): number | null {
  const parts = dateParts(value);
  if (parts === null) return null;
  const { day, month, year, hour, minute, second } = parts;
  let y = Number(year);
  if (year.length === 2) {
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const now = new Date().getUTCFullYear();
    const century = now - (now % 100);
    y += y - (now % 100) > 50 ? century - 100 : century;
  }
  const mon = MONTHS.indexOf(month.toLowerCase());
  const d = Number(day.trim());
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mon < 0 || y < 1 || d < 1 || d > daysIn(y, mon) || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(2000, mon, d, h, mi, s));
  date.setUTCFullYear(y); // Date.UTC would read years below 100 as 19xx
  return date.getTime() / 1000;
}

interface DateParts {
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
  second: string;
}

function dateParts(value: string): DateParts | null {
  const m = IMF_FIXDATE.exec(value) ?? RFC850_DATE.exec(value);
  if (m !== null) return { day: m[1]!, month: m[2]!, year: m[3]!, hour: m[4]!, minute: m[5]!, second: m[6]! };
  const a = ASCTIME_DATE.exec(value);
  if (a !== null) return { month: a[1]!, day: a[2]!, hour: a[3]!, minute: a[4]!, second: a[5]!, year: a[6]! };
  return null;
}

function daysIn(year: number, month: number): number {
  if (month !== 1) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * An IMF-fixdate for a moment given as Unix seconds (default: now), as HTTP headers want it.
 *
 * @example httpDate(784111777) // 'Sun, 06 Nov 1994 08:49:37 GMT'
 */
export function httpDate(epochSeconds: number = Date.now() / 1000): string {
  return new Date(Math.floor(epochSeconds) * 1000).toUTCString();
}

/** The validators of the resource, as getConditionalResponse compares them with the request's. */
export interface ConditionalOptions {
  /** The current entity tag, quoted (`"abc"` or `W/"abc"`). */
  etag?: string | null;
  /** The last modification: a Date, or Unix seconds (what parseHttpDate gives). */
  lastModified?: Date | number | null;
  /** The response that would be sent; the 304 keeps its caching headers and cookies. */
  response?: HttpResponseBase | null;
}

/**
 * Evaluates the request's preconditions (RFC 9110 §13.2.2) as Django does: If-Match, then
 * If-Unmodified-Since (either failing: 412), then If-None-Match (matching: 304 for GET/HEAD,
 * 412 otherwise), then If-Modified-Since (not modified: 304 for GET/HEAD). Returns the given
 * response (or null) when no precondition decides. A response that is not 2xx is returned as is.
 *
 * @example
 * const answer = getConditionalResponse(request, { etag: '"v3"', response });
 * return answer ?? response;
 */
export function getConditionalResponse(request: HttpRequest, options: ConditionalOptions = {}): HttpResponseBase | null {
  const response = options.response ?? null;
  if (response !== null && (response.statusCode < 200 || response.statusCode >= 300)) return response;
  const etag = options.etag ?? null;
  const lastModified = toSeconds(options.lastModified);

  const headers = request.headers;
  const ifMatch = parseEtags(headers.get('If-Match') ?? '');
  const unmodifiedHeader = headers.get('If-Unmodified-Since');
  const ifUnmodifiedSince = unmodifiedHeader ? parseHttpDate(unmodifiedHeader) : null;
  const ifNoneMatch = parseEtags(headers.get('If-None-Match') ?? '');
  const modifiedHeader = headers.get('If-Modified-Since');
  const ifModifiedSince = modifiedHeader ? parseHttpDate(modifiedHeader) : null;
  const safe = request.method === 'GET' || request.method === 'HEAD';

  // Truthiness below is Django's on purpose: an empty ETag or a time of 0 counts as absent.
  if (ifMatch.length > 0 && !ifMatchPasses(etag, ifMatch)) return preconditionFailed(request);
  if (ifMatch.length === 0 && ifUnmodifiedSince && !(lastModified && lastModified <= ifUnmodifiedSince)) {
    return preconditionFailed(request);
  }
  if (ifNoneMatch.length > 0 && !ifNoneMatchPasses(etag, ifNoneMatch)) {
    return safe ? notModified(response) : preconditionFailed(request);
  }
  if (ifNoneMatch.length === 0 && ifModifiedSince && lastModified && lastModified <= ifModifiedSince && safe) {
    return notModified(response);
  }
  return response;
}

function toSeconds(value: Date | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? Math.floor(value) : Math.floor(value.getTime() / 1000);
}

/** Strong comparison (RFC 9110 §13.1.1): a weak tag never matches, `*` matches any current tag. */
function ifMatchPasses(target: string | null, tags: readonly string[]): boolean {
  if (!target) return false;
  if (tags.length === 1 && tags[0] === '*') return true;
  if (target.startsWith('W/')) return false;
  return tags.includes(target);
}

/** Weak comparison (RFC 9110 §13.1.2): passes when no tag matches once weakness is ignored. */
function ifNoneMatchPasses(target: string | null, tags: readonly string[]): boolean {
  if (!target) return true;
  if (tags.length === 1 && tags[0] === '*') return false;
  const opaque = stripWeak(target);
  return !tags.some((tag) => stripWeak(tag) === opaque);
}

// Python's str.strip('W/'), which Django uses: drops W and / from both ends.
function stripWeak(tag: string): string {
  return tag.replace(/^[W/]+|[W/]+$/g, '');
}

function preconditionFailed(request: HttpRequest): HttpResponse {
  getLogger('canter.request').warning(`Precondition Failed: ${request.path}`, { extra: { status: 412 } });
  return new HttpResponse('', { status: 412 });
}

// The headers RFC 9110 §15.4.5 requires a 304 to repeat, and Last-Modified.
const KEPT_ON_304 = ['Cache-Control', 'Content-Location', 'Date', 'ETag', 'Expires', 'Last-Modified', 'Vary'];

function notModified(response: HttpResponseBase | null): HttpResponseNotModified {
  const answer = new HttpResponseNotModified();
  if (response === null) return answer;
  for (const name of KEPT_ON_304) {
    const value = response.headers.get(name);
    if (value !== undefined) answer.headers.set(name, value);
  }
  // A cookie set by the response still reaches the client, as the cookie specification asks.
  for (const [name, cookie] of response.cookies) answer.cookies.set(name, cookie);
  return answer;
}

/**
 * Sets ETag to the quoted MD5 of the body, as Django does; streaming and empty responses get none.
 *
 * @example setResponseEtag(new HttpResponse('hello')).headers.get('ETag') // '"5d41402abc4b2a76b9719d911017c592"'
 */
export function setResponseEtag<R extends HttpResponseBase>(response: R): R {
  if (response.streaming || !(response instanceof HttpResponse)) return response;
  // wireBody, unlike content, does not turn a string body into a Buffer for good.
  const { body, encoding } = response.wireBody;
  if (body.length === 0) return response;
  const digest = typeof body === 'string' && encoding !== 'utf8'
    ? hash('md5', Buffer.from(body, encoding), 'hex')
    : hash('md5', body, 'hex');
  response.headers.set('ETag', quoteEtag(digest));
  return response;
}
