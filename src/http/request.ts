import { Readable } from 'node:stream';
import { DisallowedHost } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { getCookieSigner } from '../signing/index.js';
import type { ResolverMatch } from '../urls/types.js';
import { absoluteUri } from './absolute-uri.js';
import { charsetOf, decodeText, mediaTypeOf } from './content-type.js';
import { parseCookieHeader } from './cookies.js';
import { MissingCookieError, RawPostDataException } from './errors.js';
import { splitDomainPort, validateHost } from './host.js';
import { parseJsonBody } from './json-body.js';
import { MultiValueDict } from './multi-value-dict.js';
import { decodePath, escapeUriPath, iriToUri } from './path.js';
import { QueryDict } from './query-dict.js';
import { loadBody } from './request-body.js';
import { requestSettingsFrom } from './request-settings.js';
import type { RequestSettings } from './request-settings.js';
import { buildMeta } from './request-meta.js';
import type { MetaSource } from './request-meta.js';
import { HttpHeaders, headerNameOfMeta, headerValue, metaName } from './request-headers.js';
import type { UploadedFile } from './uploaded-file.js';

/** What a request is made from: the server's IncomingMessage, or RequestFactory's synthetic data. */
export interface RequestSource extends MetaSource {
  method: string;
  /** The request target as sent: path and query, still percent-encoded. */
  url: string;
  body?: Readable | Buffer | string | null;
  /** The prefix the app is mounted under (Django's SCRIPT_NAME). */
  scriptName?: string;
  /**
   * The settings the request reads, frozen when the Handler was built (the server and the test
   * Client pass `handler.requestSettings`). Left out, each call reads the settings in force, as
   * Django's HttpRequest does.
   */
  settings?: RequestSettings;
}

const DEFAULT_PORT = { http: '80', https: '443' } as const;
const EMPTY_BODY = Buffer.alloc(0);

/**
 * One HTTP request, as Django's HttpRequest: `request.GET`, `request.POST`, `request.COOKIES`,
 * `request.FILES`, `request.META`, `request.headers`. Everything is parsed on first use. The body
 * is read once, before the middleware runs (see load()), so POST and FILES are synchronous.
 */
export class HttpRequest {
  method: string;
  /** The full path, SCRIPT_NAME included, percent-decoded. */
  path: string;
  /** The path the URLconf sees, percent-decoded. */
  pathInfo: string;
  /** The URL pattern match, set by the handler once the URL resolves. */
  resolverMatch: ResolverMatch | null = null;
  /** The charset used to decode the body and query string; null means DEFAULT_CHARSET. */
  encoding: string | null = null;

  readonly #source: RequestSource;
  readonly #queryString: string;
  readonly #scriptName: string;
  #get: QueryDict | undefined;
  #post: QueryDict | undefined;
  #files: MultiValueDict<UploadedFile> | undefined;
  #cookies: Record<string, string> | undefined;
  #meta: Record<string, string> | undefined;
  #headers: HttpHeaders | undefined;
  #body: Buffer | undefined;
  #bodyError: unknown;
  #streamed = false;
  #loading: Promise<void> | undefined;
  #cleanup: (() => Promise<void>) | undefined;

  constructor(source: RequestSource) {
    this.#source = source;
    this.method = source.method.toUpperCase();
    const q = source.url.indexOf('?');
    const rawPath = q < 0 ? source.url : source.url.slice(0, q);
    this.#queryString = q < 0 ? '' : source.url.slice(q + 1);
    this.#scriptName = source.scriptName ? source.scriptName.replace(/\/+$/, '') : '';
    this.pathInfo = decodePath(rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
    this.path = this.#scriptName + this.pathInfo;
  }

  /** The query string parameters. */
  get GET(): QueryDict {
    return (this.#get ??= QueryDict.fromQueryString(this.#queryString, {
      maxFields: this.#settings().dataUploadMaxNumberFields,
    }));
  }

  set GET(value: QueryDict) {
    this.#get = value;
  }

  /** Form fields of a urlencoded or multipart body; empty for other bodies. */
  get POST(): QueryDict {
    this.#throwBodyError();
    if (this.#post === undefined) {
      const type = mediaTypeOf(this.contentType);
      this.#post = type === 'application/x-www-form-urlencoded'
        ? QueryDict.fromQueryString(decodeText(this.body, this.#charset()), {
            maxFields: this.#settings().dataUploadMaxNumberFields,
          })
        : new QueryDict();
    }
    return this.#post;
  }

  set POST(value: QueryDict) {
    this.#post = value;
  }

  /** Uploaded files of a multipart body, by field name. */
  get FILES(): MultiValueDict<UploadedFile> {
    this.#throwBodyError();
    return (this.#files ??= new MultiValueDict<UploadedFile>());
  }

  /** Cookies sent by the client; a malformed header gives what could be read, never an error. */
  get COOKIES(): Readonly<Record<string, string>> {
    return (this.#cookies ??= parseCookieHeader(this.#header('cookie') ?? ''));
  }

  /** The raw body. Not available for multipart bodies, which are parsed as they stream in. */
  get body(): Buffer {
    this.#throwBodyError();
    if (this.#streamed) {
      throw new RawPostDataException("You cannot access body after reading from request's data stream (multipart).");
    }
    return this.#body ?? EMPTY_BODY;
  }

  /** Headers, case-insensitive. */
  get headers(): HttpHeaders {
    return (this.#headers ??= new HttpHeaders(
      (name) => this.#header(name),
      () => (this.#meta === undefined
        ? Object.keys(this.#source.headers)
        : Object.keys(this.#meta).map(headerNameOfMeta).filter((n): n is string => n !== undefined)),
    ));
  }

  /** Django's META: CGI-style variables and HTTP_* headers. Built on first use; may be changed. */
  get META(): Record<string, string> {
    return (this.#meta ??= buildMeta(this.#source, {
      method: this.method,
      pathInfo: this.pathInfo,
      scriptName: this.#scriptName,
      queryString: this.#queryString,
    }));
  }

  /** The Content-Type header, or undefined. */
  get contentType(): string | undefined {
    return this.#header('content-type');
  }

  /** `http` or `https`, honouring SECURE_PROXY_SSL_HEADER. */
  get scheme(): 'http' | 'https' {
    const proxy = this.#settings().secureProxySslHeader;
    if (proxy !== null) {
      const [header, secureValue] = proxy;
      const value = this.#header(headerNameOfMeta(header) ?? header.toLowerCase());
      if (value !== undefined) return value.split(',', 1)[0]!.trim() === secureValue ? 'https' : 'http';
    }
    return (this.#meta?.['wsgi.url_scheme'] ?? (this.#source.encrypted ? 'https' : 'http')) === 'https' ? 'https' : 'http';
  }

  isSecure(): boolean {
    return this.scheme === 'https';
  }

  /** True for requests sent by XMLHttpRequest-style code (X-Requested-With: XMLHttpRequest). */
  isAjax(): boolean {
    return this.#header('x-requested-with') === 'XMLHttpRequest';
  }

  /** True when the client's Accept header allows the media type. */
  accepts(mediaType: string): boolean {
    const accept = this.#header('accept') ?? '*/*';
    const [type, sub] = mediaType.toLowerCase().split('/');
    return accept.split(',').some((part) => {
      const [t, s] = part.split(';', 1)[0]!.trim().toLowerCase().split('/');
      return (t === '*' || t === type) && (s === '*' || s === sub);
    });
  }

  /**
   * The host the client asked for, validated against ALLOWED_HOSTS (with DEBUG and no
   * ALLOWED_HOSTS: localhost, 127.0.0.1 and [::1]). A host that does not match is DisallowedHost (400).
   */
  getHost(): string {
    const host = this.#rawHost();
    const allowed = this.#settings().allowedHosts;
    const [domain] = splitDomainPort(host);
    if (domain !== '' && validateHost(domain, allowed)) return host;
    let message = `Invalid HTTP_HOST header: ${JSON.stringify(host)}.`;
    message += domain !== ''
      ? ` You may need to add ${JSON.stringify(domain)} to ALLOWED_HOSTS.`
      : ' The domain name provided is not valid according to RFC 1034/1035.';
    throw new DisallowedHost(message);
  }

  /** The port, honouring USE_X_FORWARDED_PORT. */
  getPort(): string {
    if (this.#settings().useXForwardedPort) {
      const forwarded = this.#header('x-forwarded-port');
      if (forwarded !== undefined) return forwarded;
    }
    return this.META.SERVER_PORT ?? '';
  }

  /**
   * Path and query string, e.g. `/music/bands/?print=true`. As in Django it starts with `//` for
   * a request to `//evil.com`: used alone as a Location it would leave the site, so pass it
   * through escapeLeadingSlashes() (canter/middleware) or buildAbsoluteUri() first.
   */
  getFullPath(forceAppendSlash = false): string {
    return this.#fullPath(this.path, forceAppendSlash);
  }

  /** Like getFullPath() but with pathInfo (no SCRIPT_NAME). */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#fullPath(this.pathInfo, forceAppendSlash);
  }

  /**
   * An absolute URL for `location` (default: this request's full path), e.g. for redirects. The
   * request's own path always stays on this scheme and host, whatever it looks like
   * (`//evil.com` gives `http://testserver//evil.com`); so does any `location` that is a path
   * (`///foo/`, `/\\evil.com`, a path with a tab in it). Only a `location` that names a host
   * itself (`https://…`, `//other.example/`) leaves: check untrusted ones (a `?next=` parameter)
   * with urlHasAllowedHostAndScheme() first.
   * @example request.buildAbsoluteUri('/login/') // 'https://example.com/login/'
   */
  buildAbsoluteUri(location?: string): string {
    const schemeHost = `${this.scheme}://${this.getHost()}`;
    if (location === undefined) {
      // Already URI-safe, and pasted after the host, so its leading slashes stay a path.
      const fullPath = this.getFullPath();
      return schemeHost + (fullPath.startsWith('/') ? fullPath : `/${fullPath}`);
    }
    return absoluteUri(location, schemeHost, this.path);
  }

  /**
   * Reads a cookie signed with setSignedCookie(). A bad or expired signature throws (BadSignature,
   * SignatureExpired) unless a default is given, which is then returned; a missing cookie likewise.
   */
  getSignedCookie(name: string, options: { default?: string | null; salt?: string; maxAge?: number } = {}): string | null {
    const hasDefault = 'default' in options;
    const value = this.COOKIES[name];
    if (value === undefined) {
      if (hasDefault) return options.default ?? null;
      throw new MissingCookieError(`The signed cookie ${JSON.stringify(name)} is not in the request.`);
    }
    try {
      return getCookieSigner(name + (options.salt ?? '')).unsign(value, options.maxAge);
    } catch (error) {
      if (hasDefault) return options.default ?? null;
      throw error;
    }
  }

  /**
   * The body parsed as JSON. Invalid JSON (InvalidJsonBody) and nesting deeper than
   * MAX_JSON_DEPTH (JsonTooDeep) are BadRequest (400); a body error (too big, unreadable) is
   * thrown as it would be by request.body.
   */
  json(): unknown {
    return parseJsonBody(decodeText(this.body, this.#charset()));
  }

  /** True when the request carries a body that load() must read. */
  get hasBody(): boolean {
    const h = this.#source.headers;
    const length = h['content-length'];
    if (length !== undefined && length !== '0') return true;
    if (h['transfer-encoding'] !== undefined) return true;
    // A socket stream without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3).
    const body = this.#source.body;
    if (body === undefined || body === null || body instanceof Readable) return false;
    return body.length > 0;
  }

  /**
   * Reads and parses the body once, within DATA_UPLOAD_MAX_MEMORY_SIZE and the field and file
   * limits. Errors are kept and thrown when body, POST or FILES is read, as Django raises them
   * lazily: a view that never reads the body never sees a body error.
   */
  load(): Promise<void> {
    return (this.#loading ??= this.#load().catch((error: unknown) => {
      this.#bodyError = error;
    }));
  }

  /** True when a multipart body left upload files to remove. */
  get hasTemporaryFiles(): boolean {
    return this.#cleanup !== undefined;
  }

  /** Removes temporary upload files; the handler calls it when the response is finished. */
  async cleanup(): Promise<void> {
    await this.#cleanup?.();
  }

  async #load(): Promise<void> {
    if (mediaTypeOf(this.contentType) === 'multipart/form-data') this.#streamed = true;
    const loaded = await loadBody(this.#source.body, this.contentType, this.#header('content-length'), this.#settings());
    if (loaded.kind === 'bytes') {
      this.#body = loaded.body;
    } else {
      this.#post = loaded.POST;
      this.#files = loaded.FILES;
      this.#cleanup = loaded.cleanup;
    }
  }

  #throwBodyError(): void {
    if (this.#bodyError !== undefined) throw this.#bodyError;
  }

  #charset(): string {
    return this.encoding ?? charsetOf(this.contentType) ?? this.#settings().defaultCharset;
  }

  /** The handler's frozen settings, or (a request made without them) the settings in force. */
  #settings(): RequestSettings {
    return this.#source.settings ?? requestSettingsFrom(getSettings());
  }

  /** A header by lower-case name; META wins once it exists, since code may have changed it. */
  #header(lowerName: string): string | undefined {
    if (this.#meta !== undefined) return this.#meta[metaName(lowerName)];
    return headerValue(this.#source.headers, lowerName);
  }

  #rawHost(): string {
    if (this.#settings().useXForwardedHost) {
      const forwarded = this.#header('x-forwarded-host');
      if (forwarded !== undefined) return forwarded;
    }
    const host = this.#header('host');
    if (host !== undefined) return host;
    const scheme = this.scheme;
    const name = this.META.SERVER_NAME ?? '';
    const port = this.META.SERVER_PORT ?? '';
    return port === DEFAULT_PORT[scheme] ? name : `${name}:${port}`;
  }

  #fullPath(path: string, forceAppendSlash: boolean): string {
    const slash = forceAppendSlash && !path.endsWith('/') ? '/' : '';
    const query = this.#queryString === '' ? '' : `?${iriToUri(this.#queryString)}`;
    return escapeUriPath(path) + slash + query;
  }
}
