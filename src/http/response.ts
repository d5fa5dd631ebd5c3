import { DisallowedRedirect } from '../conf/errors.js';
import { decodeText } from './content-type.js';
import { iriToUri } from './path.js';
import { HttpResponseBase } from './response-base.js';
import type { ResponseInit } from './response-base.js';

export { HttpResponseBase } from './response-base.js';
export type { CookieOptions, ResponseCookie, ResponseInit } from './response-base.js';

/** What HttpResponse accepts as content. */
export type Content = string | Uint8Array | Iterable<string | Uint8Array> | null | undefined;

/**
 * A response whose body is held in memory as bytes. Django's HttpResponse.
 *
 * @example return new HttpResponse('ok', { contentType: 'text/plain' });
 */
export class HttpResponse extends HttpResponseBase {
  // The body as written; joined into one Buffer the first time it is read.
  #chunks: Buffer[] = [];
  // A body given as one string stays a string until someone reads the bytes: the server can send
  // it as it is, which spares a Buffer per response. The encoding is fixed when it is set.
  #text: string | undefined;
  #textEncoding: BufferEncoding = 'utf8';

  constructor(content: Content = '', init: ResponseInit = {}) {
    super(init);
    this.content = content;
  }

  /** The body as bytes. Assigning a string encodes it in the response's charset. */
  get content(): Buffer {
    this.#encodeText();
    if (this.#chunks.length === 0) return EMPTY;
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0]!;
  }

  set content(value: Content) {
    this.#chunks = [];
    this.#text = undefined;
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      this.#text = value;
      this.#textEncoding = nodeEncoding(this.charset);
    } else if (value instanceof Uint8Array) {
      this.write(value);
    } else {
      for (const chunk of value) this.write(chunk);
    }
  }

  /**
   * The body as the server should send it: the string as given, with its encoding, or the bytes.
   * Reading it does not change the response.
   */
  get wireBody(): { readonly body: string | Buffer; readonly encoding: BufferEncoding } {
    if (this.#text !== undefined && this.#chunks.length === 0) return { body: this.#text, encoding: this.#textEncoding };
    return { body: this.content, encoding: 'utf8' };
  }

  #encodeText(): void {
    if (this.#text === undefined) return;
    this.#chunks.unshift(Buffer.from(this.#text, this.#textEncoding));
    this.#text = undefined;
  }

  /** The body decoded with the response's charset. */
  get text(): string {
    return decodeText(this.content, this.charset);
  }

  /** Appends to the body, as a file-like object (seed 003's response.write). */
  write(chunk: string | Uint8Array): void {
    this.#encodeText();
    if (typeof chunk === 'string') this.#chunks.push(encode(chunk, this.charset));
    else this.#chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  writelines(lines: Iterable<string | Uint8Array>): void {
    for (const line of lines) this.write(line);
  }

  /** The body length so far (Django's tell()). */
  tell(): number {
    return this.content.length;
  }

  /** The body (Django's getvalue()). */
  getvalue(): Buffer {
    return this.content;
  }

  /** Django's flush(): a no-op, the body is sent whole when the view returns. */
  flush(): void {}
}

const EMPTY = Buffer.alloc(0);

const NODE_ENCODINGS = new Map<string, BufferEncoding>();

/** The Node encoding for a charset name; charsets Node cannot write fall back to utf-8. */
function nodeEncoding(charset: string): BufferEncoding {
  let encoding = NODE_ENCODINGS.get(charset);
  if (encoding === undefined) {
    const name = charset.toLowerCase().replace(/[-_]/g, '');
    encoding = name === 'latin1' || name === 'iso88591' ? 'latin1' : name === 'ascii' || name === 'usascii' ? 'ascii' : 'utf8';
    if (NODE_ENCODINGS.size < 64) NODE_ENCODINGS.set(charset, encoding);
  }
  return encoding;
}

function encode(text: string, charset: string): Buffer {
  return Buffer.from(text, nodeEncoding(charset));
}

const ALLOWED_REDIRECT_SCHEMES = new Set(['http', 'https', 'ftp']);

abstract class RedirectBase extends HttpResponse {
  /** The redirect target, as given. */
  readonly url: string;

  constructor(url: string, status: number, init: ResponseInit = {}) {
    super('', { ...init, status });
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
    if (scheme !== undefined && !ALLOWED_REDIRECT_SCHEMES.has(scheme)) {
      throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme}'; allowed: http, https, ftp.`);
    }
    // Django's iri_to_uri: non-URI characters are escaped, existing escapes (%26, %2F) kept as they are.
    this.headers.set('Location', iriToUri(url));
    this.url = url;
  }
}

/** 302 Found to `url`. */
export class HttpResponseRedirect extends RedirectBase {
  constructor(url: string, init: ResponseInit = {}) {
    super(url, 302, init);
  }
}

/** 301 Moved Permanently to `url`. */
export class HttpResponsePermanentRedirect extends RedirectBase {
  constructor(url: string, init: ResponseInit = {}) {
    super(url, 301, init);
  }
}

/** 304 Not Modified: no body, no Content-Type. */
export class HttpResponseNotModified extends HttpResponse {
  constructor(init: ResponseInit = {}) {
    super('', { ...init, status: 304 });
    this.headers.delete('Content-Type');
  }
}

function statusClass(status: number): new (content?: Content, init?: ResponseInit) => HttpResponse {
  return class extends HttpResponse {
    constructor(content: Content = '', init: ResponseInit = {}) {
      super(content, { ...init, status });
    }
  };
}

/** 400 Bad Request. */
export class HttpResponseBadRequest extends statusClass(400) {}
/** 403 Forbidden. */
export class HttpResponseForbidden extends statusClass(403) {}
/** 404 Not Found. */
export class HttpResponseNotFound extends statusClass(404) {}
/** 410 Gone. */
export class HttpResponseGone extends statusClass(410) {}
/** 500 Internal Server Error. */
export class HttpResponseServerError extends statusClass(500) {}

/** 405 Method Not Allowed, with the Allow header listing the permitted methods. */
export class HttpResponseNotAllowed extends HttpResponse {
  constructor(permittedMethods: readonly string[], content: Content = '', init: ResponseInit = {}) {
    super(content, { ...init, status: 405 });
    this.headers.set('Allow', permittedMethods.map((m) => m.toUpperCase()).join(', '));
  }
}

/**
 * A JSON body, compact. Like Django, only plain objects are accepted unless `safe` is false,
 * because a top-level array was once a JSON-hijacking risk.
 *
 * @example return new JsonResponse({ ok: true });
 */
export class JsonResponse extends HttpResponse {
  constructor(
    data: unknown,
    init: ResponseInit & { safe?: boolean; replacer?: (key: string, value: unknown) => unknown } = {},
  ) {
    const { safe = true, replacer, ...rest } = init;
    if (safe && (typeof data !== 'object' || data === null || Array.isArray(data))) {
      throw new TypeError('In order to allow non-object values to be serialized set the safe option to false.');
    }
    super(JSON.stringify(data, replacer) ?? 'null', { contentType: 'application/json', ...rest });
  }
}
