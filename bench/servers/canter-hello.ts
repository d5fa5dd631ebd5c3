/**
 * Canter with seven pass-through middleware of both styles, alternating: four MiddlewareMixin
 * classes (processRequest answers nothing, processResponse hands the response back) and three
 * function factories (call the next layer, return its response). Each is its own class/function.
 */
import { configureSettings, defineSettings, Handler, MiddlewareMixin, serve } from '../../src/core/index.js';
import type { GetResponse, MiddlewareEntry } from '../../src/core/index.js';
import { HttpResponse } from '../../src/http/index.js';
import type { HttpRequest, HttpResponseBase } from '../../src/http/index.js';
import { path } from '../../src/urls/index.js';
import { cachePage } from '../../src/views/index.js';
import { announce, HELLO_BODY, HELLO_CONTENT_TYPE, LAYERS, portFromArgs } from '../lib/server-args.js';

function mixinLayer(): MiddlewareEntry {
  return class PassMixin extends MiddlewareMixin {
    processRequest(_request: HttpRequest): undefined {
      return undefined;
    }

    processResponse(_request: HttpRequest, response: HttpResponseBase): HttpResponseBase {
      return response;
    }
  };
}

function functionLayer(): MiddlewareEntry {
  return (getResponse: GetResponse) => (request: HttpRequest) => getResponse(request);
}

const middleware: MiddlewareEntry[] = [];
for (let layer = 0; layer < LAYERS; layer++) middleware.push(layer % 2 === 0 ? mixinLayer() : functionLayer());

const hello = (): HttpResponse => new HttpResponse(HELLO_BODY, { contentType: HELLO_CONTENT_TYPE });

// canter-cached.ts: the same server with the page cached (a hit after the first request).
const cached = process.env.CANTER_BENCH_CACHED === '1';

const port = portFromArgs();
configureSettings(
  defineSettings({
    SECRET_KEY: 'bench',
    ALLOWED_HOSTS: ['*'],
    ROOT_URLCONF: { urlpatterns: [path('hello/', cached ? cachePage(900)(hello) : hello)] },
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'bench-pages' } },
    MIDDLEWARE: middleware,
  }),
);
await serve(new Handler(), { host: '127.0.0.1', port });
announce(port);
