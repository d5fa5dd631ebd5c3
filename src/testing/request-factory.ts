import { HttpRequest } from '../http/request.js';
import type { RequestSettings } from '../http/request-settings.js';
import { encodeMultipart, encodeQuery, MULTIPART_CONTENT } from './encode.js';
import type { FormData } from './encode.js';

/** Per-request options of the factory and the client. */
export interface RequestOptions {
  /** Extra headers, any case: `{ 'X-Requested-With': 'XMLHttpRequest' }`. */
  headers?: Readonly<Record<string, string>>;
  /** Pretend the request came over HTTPS. */
  secure?: boolean;
  /** The query string, for methods whose `data` is the body. */
  query?: FormData;
  remoteAddress?: string;
  /**
   * Frozen request settings, as the server hands each request its Handler's (the test Client
   * passes its own). Left out, the request reads the settings in force at each call, as Django's.
   */
  requestSettings?: RequestSettings;
}

export type Body = FormData | string | Uint8Array | unknown[] | null | undefined;

/**
 * Builds HttpRequest objects without a server, as Django's RequestFactory: for testing a view
 * or middleware directly.
 *
 * @example
 * const request = new RequestFactory().get('/books/', { page: 2 });
 * const response = await bookList(request);
 */
export class RequestFactory {
  readonly defaults: RequestOptions;

  constructor(defaults: RequestOptions = {}) {
    this.defaults = defaults;
  }

  get(path: string, data?: FormData, options?: RequestOptions): HttpRequest {
    return this.generic('GET', path, null, undefined, { ...options, query: { ...options?.query, ...data } });
  }

  head(path: string, data?: FormData, options?: RequestOptions): HttpRequest {
    return this.generic('HEAD', path, null, undefined, { ...options, query: { ...options?.query, ...data } });
  }

  options(path: string, data?: Body, contentType?: string, options?: RequestOptions): HttpRequest {
    return this.generic('OPTIONS', path, data, contentType, options);
  }

  trace(path: string, options?: RequestOptions): HttpRequest {
    return this.generic('TRACE', path, null, undefined, options);
  }

  /** A POST; an object is sent as multipart/form-data unless another content type is named (Django's default). */
  post(path: string, data?: Body, contentType: string = MULTIPART_CONTENT, options?: RequestOptions): HttpRequest {
    return this.generic('POST', path, data ?? {}, contentType, options);
  }

  put(path: string, data?: Body, contentType = 'application/octet-stream', options?: RequestOptions): HttpRequest {
    return this.generic('PUT', path, data, contentType, options);
  }

  patch(path: string, data?: Body, contentType = 'application/octet-stream', options?: RequestOptions): HttpRequest {
    return this.generic('PATCH', path, data, contentType, options);
  }

  delete(path: string, data?: Body, contentType = 'application/octet-stream', options?: RequestOptions): HttpRequest {
    return this.generic('DELETE', path, data, contentType, options);
  }

  /** Any method, any body. */
  generic(method: string, path: string, data?: Body, contentType?: string, options: RequestOptions = {}): HttpRequest {
    const opts = { ...this.defaults, ...options, headers: { ...this.defaults.headers, ...options.headers } };
    const body = encodeBody(data, contentType);
    const headers: Record<string, string> = { host: 'testserver' };
    for (const [name, value] of Object.entries(opts.headers)) headers[name.toLowerCase()] = value;
    if (body.length > 0 || (contentType !== undefined && data !== null && data !== undefined)) {
      if (contentType !== undefined) headers['content-type'] = contentType;
      headers['content-length'] = String(body.length);
    }
    const [rawPath, ownQuery = ''] = splitQuery(path);
    const query = [ownQuery, opts.query ? encodeQuery(opts.query) : ''].filter((q) => q !== '').join('&');
    return new HttpRequest({
      method,
      url: encodePath(rawPath) + (query === '' ? '' : `?${query}`),
      headers,
      body,
      remoteAddress: opts.remoteAddress ?? '127.0.0.1',
      encrypted: opts.secure === true,
      serverName: 'testserver',
      serverPort: opts.secure ? '443' : '80',
      ...(opts.requestSettings === undefined ? {} : { settings: opts.requestSettings }),
    });
  }
}

function splitQuery(path: string): [string, string?] {
  const i = path.indexOf('?');
  return i < 0 ? [path] : [path.slice(0, i), path.slice(i + 1)];
}

/** Percent-encodes what a browser would (spaces, non-ASCII), leaving existing escapes alone. */
function encodePath(path: string): string {
  const absolute = /^https?:\/\/[^/]*(.*)$/.exec(path)?.[1] ?? path;
  return absolute.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/g, (c) => encodeURIComponent(c));
}

function encodeBody(data: Body, contentType: string | undefined): Buffer {
  if (data === null || data === undefined) return Buffer.alloc(0);
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof Uint8Array) return Buffer.from(data);
  const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (type === 'multipart/form-data') return encodeMultipart(data as FormData, boundaryOf(contentType!));
  if (type === 'application/x-www-form-urlencoded') return Buffer.from(encodeQuery(data as FormData));
  // JSON for application/json and anything else that is an object, like Django's _encode_json.
  return Buffer.from(JSON.stringify(data));
}

function boundaryOf(contentType: string): string | undefined {
  return /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
}
