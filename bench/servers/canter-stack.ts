/**
 * Canter through the full default middleware list, as a Django project starts: SecurityMiddleware,
 * SessionMiddleware (SESSION_ENGINE 'cache' on locmem), CommonMiddleware, CsrfViewMiddleware, an
 * authentication placeholder, a messages placeholder and XFrameOptionsMiddleware. Authentication
 * and messages are later issues: their placeholders are pass-through MiddlewareMixin classes with
 * the hooks Django's AuthenticationMiddleware (process_request) and MessageMiddleware
 * (process_request, process_response) have, doing nothing.
 *
 * GET /hello/ answers `ok` (text/plain); GET /login/ renders the demo's login form (extends a base,
 * `{% csrf_token %}`, `{% url 'login' %}`) with render(), which mints a fresh masked token and sets
 * the csrftoken cookie. POST /login/ is CSRF-checked (the runner's verification posts to it).
 */
import { caches } from '../../src/cache/index.js';
import { configureSettings, defineSettings, exitOnSignal, Handler, MiddlewareMixin, serve } from '../../src/core/index.js';
import type { MixinHooks } from '../../src/core/index.js';
import { CsrfViewMiddleware } from '../../src/csrf/index.js';
import { HttpResponse } from '../../src/http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../src/http/index.js';
import { CommonMiddleware, SecurityMiddleware, XFrameOptionsMiddleware } from '../../src/middleware/index.js';
import { SessionMiddleware } from '../../src/sessions/index.js';
import { render } from '../../src/shortcuts/index.js';
import { path } from '../../src/urls/index.js';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, portFromArgs } from '../lib/server-args.js';
import { LOGIN_TEMPLATE, STACK_SECRET, writeLoginTemplates } from '../lib/stack-config.js';

/** Stands in for AuthenticationMiddleware until the auth issue lands: nothing set, nothing read. */
class AuthenticationPlaceholder extends MiddlewareMixin implements MixinHooks {
  processRequest(_request: HttpRequest): undefined {
    return undefined;
  }
}

/** Stands in for MessageMiddleware until the messages issue lands: nothing stored, nothing sent. */
class MessagesPlaceholder extends MiddlewareMixin implements MixinHooks {
  processRequest(_request: HttpRequest): undefined {
    return undefined;
  }

  processResponse(_request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
    return response;
  }
}

const hello = (_request: HttpRequest): HttpResponse => new HttpResponse(HELLO_BODY, { contentType: HELLO_CONTENT_TYPE });
const login = (request: HttpRequest): Promise<HttpResponse> => render(request, LOGIN_TEMPLATE, {});

const port = portFromArgs();
configureSettings(
  defineSettings({
    DEBUG: false,
    SECRET_KEY: STACK_SECRET,
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    ROOT_URLCONF: { urlpatterns: [path('hello/', hello, { name: 'hello' }), path('login/', login, { name: 'login' })] },
    MIDDLEWARE: [
      SecurityMiddleware,
      SessionMiddleware,
      CommonMiddleware,
      CsrfViewMiddleware,
      AuthenticationPlaceholder,
      MessagesPlaceholder,
      XFrameOptionsMiddleware,
    ],
    SESSION_ENGINE: 'cache',
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'bench-stack' } },
    // Django's startproject processors (csrf is always on); the lazy ones cost nothing unless read.
    TEMPLATES: [
      { BACKEND: 'liquid', DIRS: [writeLoginTemplates('canter')], OPTIONS: { context_processors: ['debug', 'request', 'auth', 'messages'] } },
    ],
  }),
);
const running = await serve(new Handler(), { host: '127.0.0.1', port });
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile when the runner stops the server.
exitOnSignal(async () => {
  await running.close();
  await caches.closeAll();
});
announce(port);
