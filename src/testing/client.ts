import { Handler } from '../core/handler.js';
import { dontEnforceCsrfChecks } from '../csrf/request-state.js';
import type { Template } from '../templates/engine.js';
import { templateRendered } from '../templates/signals.js';
import { getSettings } from '../conf/settings/index.js';
import type { Settings } from '../conf/settings/index.js';
import { gotRequestException } from '../core/signals.js';
import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import type { HttpResponseBase } from '../http/response-base.js';
import type { StreamingHttpResponse } from '../http/streaming.js';
import type { SessionUser } from '../auth/login.js';
import type { SessionBase } from '../sessions/base.js';
import { sessionEngine } from '../sessions/engines.js';
import { sessionOptions } from '../sessions/session-options.js';
import { CookieJar } from './cookie-jar.js';
import type { FormData } from './encode.js';
import { MULTIPART_CONTENT } from './encode.js';
import { RequestFactory } from './request-factory.js';
import type { Body, RequestOptions } from './request-factory.js';

/** What the client's calls answer: the response, plus what a test wants to look at. */
export type ClientResponse = HttpResponseBase & {
  /** The request the view saw. */
  readonly request: HttpRequest;
  /** The whole body (read from the stream for streaming responses). */
  readonly content: Buffer;
  readonly text: string;
  /** The body parsed as JSON. */
  json(): unknown;
  /** With `follow`, the redirects followed: `[url, status]`. */
  readonly redirectChain: Array<[string, number]>;
  /** The templates rendered for the response, in order (Django's response.templates). */
  readonly templates: readonly Template[];
  /**
   * The context the templates were rendered with (Django's response.context): with several
   * templates, a key comes from the first that had it. Undefined when nothing was rendered.
   */
  readonly context: Readonly<Record<string, unknown>> | undefined;
};

export interface ClientOptions extends RequestOptions {
  /** Follow redirects (up to 20). */
  follow?: boolean;
}

export interface ClientConstructorOptions extends RequestOptions {
  /** Re-throw an error a view raised (default true), as Django's test client does, instead of returning the 500. */
  raiseRequestException?: boolean;
  /**
   * Run the CSRF checks (default false): as in Django, the test client's unsafe requests pass
   * CsrfViewMiddleware unchecked unless this is on.
   */
  enforceCsrfChecks?: boolean;
}

/**
 * Django's test Client: runs requests through the whole handler in-process, keeps cookies between
 * them, and can follow redirects.
 *
 * @example
 * const client = new Client();
 * const response = await client.get('/counter/');
 * expect(response.text).toBe('1');
 */
export class Client {
  readonly cookies = new CookieJar();
  readonly raiseRequestException: boolean;
  readonly enforceCsrfChecks: boolean;
  readonly #factory: RequestFactory;
  #handler: Handler | undefined;

  constructor(options: ClientConstructorOptions = {}) {
    const { raiseRequestException = true, enforceCsrfChecks = false, ...defaults } = options;
    this.#factory = new RequestFactory(defaults);
    this.raiseRequestException = raiseRequestException;
    this.enforceCsrfChecks = enforceCsrfChecks;
  }

  get(path: string, data?: FormData, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.get(path, data, this.#withCookies(options)), options);
  }

  head(path: string, data?: FormData, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.head(path, data, this.#withCookies(options)), options);
  }

  /** A POST; an object is sent as multipart/form-data unless another content type is named. */
  post(path: string, data?: Body, contentType: string = MULTIPART_CONTENT, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.post(path, data, contentType, this.#withCookies(options)), options);
  }

  put(path: string, data?: Body, contentType?: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.put(path, data, contentType, this.#withCookies(options)), options);
  }

  patch(path: string, data?: Body, contentType?: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.patch(path, data, contentType, this.#withCookies(options)), options);
  }

  delete(path: string, data?: Body, contentType?: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.delete(path, data, contentType, this.#withCookies(options)), options);
  }

  options(path: string, data?: Body, contentType?: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.options(path, data, contentType, this.#withCookies(options)), options);
  }

  trace(path: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.trace(path, this.#withCookies(options)), options);
  }

  /** Any method and body. */
  generic(method: string, path: string, data?: Body, contentType?: string, options?: ClientOptions): Promise<ClientResponse> {
    return this.#send(this.#factory.generic(method, path, data, contentType, this.#withCookies(options)), options);
  }

  /**
   * The session the client's session cookie names, loaded (Django's `client.session`). With no
   * cookie yet, a new session is saved at once and the client takes its cookie. Change it and
   * `await session.save()` to set up a test.
   */
  async session(): Promise<SessionBase> {
    const s = getSettings();
    const key = this.cookies.get(s.SESSION_COOKIE_NAME);
    const session = new (sessionEngine(s.SESSION_ENGINE))(key ?? null, sessionOptions(s));
    if (key !== undefined) return session.load();
    await session.save();
    if (session.sessionKey !== null) this.cookies.set(s.SESSION_COOKIE_NAME, session.sessionKey);
    return session;
  }

  /**
   * Logs in as the user these credentials authenticate (through AUTHENTICATION_BACKENDS), as if
   * through a login form: the client then carries the session cookie. False when they do not
   * authenticate. Needs sessionsApp and authApp installed, as in Django.
   *
   * @example expect(await client.login({ username: 'ann', password: 's3cret' })).toBe(true);
   */
  async login(credentials: Readonly<Record<string, unknown>>): Promise<boolean> {
    const auth = await import('../auth/index.js');
    const user = await auth.authenticate(null, credentials);
    if (user === null) return false;
    await this.#login(user);
    return true;
  }

  /** Logs in as `user` without credentials, with the first of AUTHENTICATION_BACKENDS unless `backend` is given. */
  async forceLogin(user: SessionUser, backend?: string | (new () => unknown)): Promise<void> {
    const { backendPathOf, configuredBackends, resolveBackend } = await import('../auth/backends/registry.js');
    user.backend = backend === undefined ? configuredBackends()[0]!.path : typeof backend === 'string' ? backend : backendPathOf(resolveBackend(backend));
    await this.#login(user, backend);
  }

  /** Logs out: sends userLoggedOut, deletes the session from its store and forgets every cookie. */
  async logout(): Promise<void> {
    const auth = await import('../auth/index.js');
    const request = this.#factory.get('/');
    request.session = await this.session();
    request.user = await auth.getUser(request);
    await auth.logout(request);
    this.cookies.clear();
  }

  async #login(user: SessionUser, backend?: string | (new () => unknown)): Promise<void> {
    const auth = await import('../auth/index.js');
    const request = this.#factory.get('/');
    request.session = await this.session();
    await auth.login(request, user, backend);
    await request.session.save();
    const s = getSettings();
    if (request.session.sessionKey !== null) this.cookies.set(s.SESSION_COOKIE_NAME, request.session.sessionKey);
  }

  /** Runs an already built request through the handler. */
  async request(request: HttpRequest): Promise<ClientResponse> {
    const handler = this.#currentHandler();
    if (!this.enforceCsrfChecks) dontEnforceCsrfChecks(request);
    let raised: unknown;
    let raisedAny = false;
    const capture = ({ request: failed, exception }: { request: HttpRequest; exception: unknown }): void => {
      if (failed === request) {
        raised = exception;
        raisedAny = true;
      }
    };
    const rendered: Array<{ template: Template; context: Readonly<Record<string, unknown>> }> = [];
    const record = (args: { template: Template; context: Readonly<Record<string, unknown>> }): void => {
      rendered.push(args);
    };
    gotRequestException.connect(capture);
    templateRendered.connect(record);
    let response: HttpResponseBase;
    try {
      response = await handler.handle(request);
    } finally {
      gotRequestException.disconnect(capture);
      templateRendered.disconnect(record);
    }
    const content = response.streaming
      ? await (response as StreamingHttpResponse).readAll()
      : (response as HttpResponse).content;
    await handler.finish(request, response);
    if (raisedAny && this.raiseRequestException) throw raised;
    this.cookies.update(response);
    return decorate(response, request, content, rendered);
  }

  async #send(request: HttpRequest, options: ClientOptions | undefined): Promise<ClientResponse> {
    let response = await this.request(request);
    if (!options?.follow) return response;
    const chain: Array<[string, number]> = [];
    while ([301, 302, 303, 307, 308].includes(response.statusCode)) {
      const location = response.headers.get('Location') ?? '';
      const target = new URL(location, `http://testserver${request.path}`);
      if (target.hostname !== 'testserver' && !/^\//.test(location)) break;
      chain.push([location, response.statusCode]);
      if (chain.length > 20 || chain.filter(([url]) => url === location).length > 1) {
        throw new Error(`Redirect loop detected: ${chain.map(([u]) => u).join(' -> ')}`);
      }
      const keepMethod = response.statusCode === 307 || response.statusCode === 308;
      const next = keepMethod
        ? this.#factory.generic(request.method, target.pathname + target.search, request.body, request.contentType, this.#withCookies(options))
        : this.#factory.get(target.pathname + target.search, undefined, this.#withCookies(options));
      request = next;
      response = await this.request(next);
    }
    (response as { redirectChain: Array<[string, number]> }).redirectChain = chain;
    return response;
  }

  /** The client's cookies, and the request settings of the handler that will answer. */
  #withCookies(options: RequestOptions | undefined): RequestOptions {
    const cookie = this.cookies.header();
    const requestSettings = this.#currentHandler().requestSettings;
    if (cookie === undefined) return { requestSettings, ...options };
    return { requestSettings, ...options, headers: { cookie, ...options?.headers } };
  }

  // The handler is built from the settings in force, again whenever overrideSettings changes them.
  #currentHandler(): Handler {
    const s: Settings = getSettings();
    if (this.#handler === undefined || this.#handler.settings !== s) this.#handler = new Handler(s);
    return this.#handler;
  }
}

function decorate(
  response: HttpResponseBase,
  request: HttpRequest,
  content: Buffer,
  rendered: ReadonlyArray<{ template: Template; context: Readonly<Record<string, unknown>> }>,
): ClientResponse {
  const text = response instanceof HttpResponse && !response.streaming ? undefined : content.toString('utf8');
  // Property descriptors, not values: a getter in a view's context (one that may throw) is not run here.
  const context = rendered.length === 0
    ? undefined
    : rendered.reduceRight<Record<string, unknown>>((merged, r) => {
      for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(r.context))) {
        Object.defineProperty(merged, key, { ...descriptor, configurable: true });
      }
      return merged;
    }, {});
  Object.defineProperties(response, {
    request: { value: request, configurable: true },
    templates: { value: rendered.map((r) => r.template), configurable: true },
    context: { value: context, configurable: true },
    redirectChain: { value: [], writable: true, configurable: true },
    json: { value: () => JSON.parse(content.toString('utf8')), configurable: true },
  });
  if (text !== undefined) {
    Object.defineProperties(response, {
      content: { value: content, configurable: true },
      text: { value: text, configurable: true },
    });
  }
  return response as ClientResponse;
}
