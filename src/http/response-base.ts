import { STATUS_CODES } from 'node:http';
import { getCookieSigner } from '../signing/index.js';
import type { SameSite } from '../conf/settings/index.js';
import { charsetOf, defaultCharset } from './content-type.js';
import { serializeCookie } from './cookies.js';
import { ResponseHeaders } from './response-headers.js';

/** The parameters of setCookie(), Django's set_cookie keyword arguments. */
export interface CookieOptions {
  /** Seconds until the cookie expires; also sets `expires`. null/undefined: a browser-session cookie. */
  maxAge?: number | null;
  /** A Date, or a string already in cookie date format. */
  expires?: Date | string | null;
  path?: string;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: SameSite | 'lax' | 'strict' | 'none' | null;
}

/** A cookie the response will set: its name, value and parameters. */
export interface ResponseCookie extends CookieOptions {
  readonly name: string;
  readonly value: string;
}

const NO_LINES: readonly string[] = Object.freeze([]);

/** The header line of each cookie setCookie() made (frozen, so the line stays true to it). */
const serializedCookies = new WeakMap<ResponseCookie, string>();

export interface ResponseInit {
  status?: number;
  reason?: string;
  contentType?: string;
  charset?: string;
  headers?: Record<string, string> | Iterable<[string, string]>;
}

/**
 * What every response has: status, headers, cookies, charset. HttpResponse adds content,
 * StreamingHttpResponse a stream. Django's HttpResponseBase.
 */
export class HttpResponseBase {
  statusCode: number;
  readonly headers: ResponseHeaders;
  // Made on first use: most responses set no cookie and register no closer.
  #cookies: Map<string, ResponseCookie> | undefined;
  /** True for responses whose body is an iterator rather than bytes. */
  readonly streaming: boolean = false;
  #reason: string | undefined;
  #charset: string | undefined;
  // The charset derived from Content-Type, cached against the header value it came from.
  #derivedFrom: string | undefined;
  #derived = '';
  #closers: Array<() => unknown> | undefined;

  constructor(init: ResponseInit = {}) {
    this.statusCode = init.status ?? 200;
    if (!Number.isInteger(this.statusCode) || this.statusCode < 100 || this.statusCode > 599) {
      throw new TypeError(`HTTP status code must be an integer from 100 to 599, not ${String(init.status)}.`);
    }
    this.#reason = init.reason;
    this.#charset = init.charset;
    this.headers = new ResponseHeaders(init.headers);
    if (init.headers === undefined || !this.headers.has('Content-Type')) {
      this.headers.set('Content-Type', init.contentType ?? `text/html; charset=${this.charset}`);
    }
  }

  /** Cookies to set, by name; Django's `response.cookies`. */
  get cookies(): Map<string, ResponseCookie> {
    return (this.#cookies ??= new Map());
  }

  /** The reason phrase set for this response, if any (the server then sends the standard one). */
  get customReasonPhrase(): string | undefined {
    return this.#reason;
  }

  /** The reason phrase: the one given, else the standard one for the status. */
  get reasonPhrase(): string {
    return this.#reason ?? STATUS_CODES[this.statusCode] ?? 'Unknown Status Code';
  }

  set reasonPhrase(value: string) {
    this.#reason = value;
  }

  /** The charset given, else the Content-Type's, else DEFAULT_CHARSET. */
  get charset(): string {
    if (this.#charset !== undefined) return this.#charset;
    const contentType = this.headers.get('Content-Type');
    if (contentType !== this.#derivedFrom || this.#derivedFrom === undefined) {
      this.#derivedFrom = contentType;
      this.#derived = charsetOf(contentType) ?? defaultCharset();
    }
    return this.#derived;
  }

  set charset(value: string) {
    this.#charset = value;
  }

  /**
   * Sets a cookie, Django's set_cookie. Values are quoted as Python's SimpleCookie quotes them, so
   * Django reads them back unchanged and no value can break out of its header.
   *
   * @example response.setCookie('theme', 'dark', { maxAge: 3600, sameSite: 'Lax' });
   */
  setCookie(name: string, value = '', options: CookieOptions = {}): void {
    const cookie: ResponseCookie = Object.freeze({ path: '/', ...options, name, value });
    // Serialized now: the error points at the caller, and the header is ready (expires counted from now, as Django does).
    serializedCookies.set(cookie, serializeCookie(name, value, cookie));
    this.cookies.set(name, cookie);
  }

  /** Sets a cookie signed with SECRET_KEY and the salt; read it with request.getSignedCookie(). */
  setSignedCookie(name: string, value: string, options: CookieOptions & { salt?: string } = {}): void {
    const { salt = '', ...rest } = options;
    this.setCookie(name, getCookieSigner(name + salt).sign(value), rest);
  }

  /** Tells the browser to drop a cookie: empty value, max-age 0, expires in 1970. */
  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain' | 'sameSite'> = {}): void {
    // Browsers refuse __Secure-/__Host- cookies, and SameSite=None ones, that are not Secure.
    const secure = name.startsWith('__Secure-') || name.startsWith('__Host-') ||
      String(options.sameSite ?? '').toLowerCase() === 'none';
    this.setCookie(name, '', {
      maxAge: 0,
      path: options.path ?? '/',
      domain: options.domain ?? null,
      secure,
      expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
      sameSite: options.sameSite ?? null,
    });
  }

  /** The Set-Cookie header values, in the order the cookies were set. */
  setCookieHeaders(): readonly string[] {
    if (this.#cookies === undefined) return NO_LINES;
    const lines: string[] = [];
    for (const cookie of this.#cookies.values()) lines.push(serializedCookies.get(cookie) ?? serializeCookie(cookie.name, cookie.value, cookie));
    return lines;
  }

  /** Registers work to run when the response has been sent (Django's resource closers). */
  onClose(fn: () => unknown): void {
    (this.#closers ??= []).push(fn);
  }

  /** True when onClose() registered work. */
  get hasClosers(): boolean {
    return this.#closers !== undefined && this.#closers.length > 0;
  }

  /** Runs the closers; the server calls it once the bytes are out. */
  async close(): Promise<void> {
    for (const fn of this.#closers?.splice(0) ?? []) await fn();
  }
}
