import { beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse, TemplateResponse } from '../http/index.js';
import type { HttpRequest, HttpResponseBase } from '../http/index.js';
import { RequestFactory } from '../testing/index.js';
import { path } from '../urls/index.js';
import type { View } from '../urls/index.js';
import { BadRequest, Http404, PermissionDenied, RequestDataTooBig, SuspiciousOperation } from '../conf/errors.js';
import { Handler } from './handler.js';
import { configureLogging } from '../conf/log.js';
import { MiddlewareMixin } from '../middleware/mixin.js';
import type { GetResponse, MiddlewareEntry, MixinHooks } from '../middleware/mixin.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { gotRequestException, requestFinished, requestStarted } from './signals.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'test', ALLOWED_HOSTS: ['testserver'] }));
  configureLogging({ level: 'silent' });
});

const factory = new RequestFactory();

/** Builds a handler for one view and some middleware, and a trace both write to. */
function setup(
  middleware: (trace: string[]) => MiddlewareEntry[],
  view: (trace: string[]) => View,
  extra: Record<string, unknown> = {},
) {
  const trace: string[] = [];
  const handler = new Handler(defineSettings({
    SECRET_KEY: 'test',
    ALLOWED_HOSTS: ['testserver'],
    MIDDLEWARE: middleware(trace),
    ROOT_URLCONF: { urlpatterns: [path('view/', view(trace)), path('other/<int:n>/', view(trace))] },
    ...extra,
  }));
  return { trace, handler, get: (url = '/view/') => handler.handle(factory.get(url)) };
}

function seedMiddleware(
  trace: string[],
  overrides: { md1?: MixinHooks; md2?: MixinHooks } = {},
): MiddlewareEntry[] {
  class Md1 extends MiddlewareMixin {
    processRequest(): void { trace.push('Md1 request'); }
    processResponse(_r: HttpRequest, response: HttpResponseBase): HttpResponseBase {
      trace.push('Md1 response');
      return response;
    }
  }
  class Md2 extends MiddlewareMixin {
    processRequest(): void { trace.push('Md2 request'); }
    processResponse(_r: HttpRequest, response: HttpResponseBase): HttpResponseBase {
      trace.push('Md2 response');
      return response;
    }
  }
  Object.assign(Md1.prototype, overrides.md1);
  Object.assign(Md2.prototype, overrides.md2);
  return [Md1, Md2];
}

const plainView = (trace: string[]): View => () => {
  trace.push('view');
  return new HttpResponse('view body');
};

describe('the middleware hooks, in the order seeds 001–003 print', () => {
  it('runs processRequest in order and processResponse in reverse around the view', async () => {
    const { trace, get } = setup((t) => seedMiddleware(t), plainView);
    const response = await get();
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'view', 'Md2 response', 'Md1 response']);
    expect((response as HttpResponse).text).toBe('view body');
  });

  it('an early answer from Md2.processRequest skips the view but passes back through Md2 and Md1', async () => {
    const { trace, get } = setup(
      (t) => seedMiddleware(t, {
        md2: {
          processRequest(): HttpResponse {
            t.push('Md2 request');
            return new HttpResponse('Md2 interrupted');
          },
        },
      }),
      plainView,
    );
    const response = await get();
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md2 response', 'Md1 response']);
    expect((response as HttpResponse).text).toBe('Md2 interrupted');
  });

  it('an early answer from Md1 never reaches Md2 at all', async () => {
    const { trace } = await (async () => {
      const s = setup(
        (t) => seedMiddleware(t, {
          md1: {
            processRequest(): HttpResponse {
              t.push('Md1 request');
              return new HttpResponse('Md1 interrupted');
            },
          },
        }),
        plainView,
      );
      await s.get();
      return s;
    })();
    expect(trace).toEqual(['Md1 request', 'Md1 response']);
  });

  it('runs processView outermost first, after every processRequest, before the view', async () => {
    const { trace, get } = setup(
      (t) => seedMiddleware(t, {
        md1: { processView: () => void t.push('Md1 view') },
        md2: { processView: () => void t.push('Md2 view') },
      }),
      plainView,
    );
    await get();
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 view', 'view', 'Md2 response', 'Md1 response']);
  });

  it('processView may call the view itself; later processView hooks are then skipped', async () => {
    const { trace, get } = setup(
      (t) => seedMiddleware(t, {
        md1: {
          processView: (request: HttpRequest, view: View) => {
            t.push('Md1 view');
            return view(request);
          },
        },
        md2: { processView: () => void t.push('Md2 view') },
      }),
      plainView,
    );
    const response = await get();
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'view', 'Md2 response', 'Md1 response']);
    expect((response as HttpResponse).text).toBe('view body');
  });

  it('processView receives the view arguments from the URL', async () => {
    const seen: unknown[] = [];
    const { get } = setup(
      (t) => seedMiddleware(t, { md1: { processView: (_r: HttpRequest, _v: View, args: unknown, kwargs: unknown) => void seen.push(args, kwargs) } }),
      plainView,
    );
    await get('/other/42/');
    expect(seen).toEqual([[], { n: 42 }]);
  });

  it('processException runs innermost first and the first response wins (seed 002)', async () => {
    const { trace, get } = setup(
      (t) => seedMiddleware(t, {
        md1: {
          processView: () => void t.push('md1 process_view...'),
          processException: () => void t.push('md1 process_exception...'),
        },
        md2: {
          processView: () => void t.push('md2 process_view...'),
          processException: () => {
            t.push('md2 process_exception...');
            return new HttpResponse('error');
          },
        },
      }),
      (t) => () => {
        t.push('view');
        throw new Error('boom');
      },
    );
    const response = await get();
    expect(trace).toEqual([
      'Md1 request', 'Md2 request', 'md1 process_view...', 'md2 process_view...', 'view',
      'md2 process_exception...', 'Md2 response', 'Md1 response',
    ]);
    expect((response as HttpResponse).text).toBe('error');
  });

  it('an unanswered exception passes every processException, then becomes a 500 that still passes back out', async () => {
    const { trace, get } = setup(
      (t) => seedMiddleware(t, {
        md1: { processException: () => void t.push('Md1 exception') },
        md2: { processException: () => void t.push('Md2 exception') },
      }),
      () => () => {
        throw new Error('boom');
      },
    );
    const response = await get();
    expect(response.statusCode).toBe(500);
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md2 exception', 'Md1 exception', 'Md2 response', 'Md1 response']);
  });

  it('processTemplateResponse runs only for responses with render(), innermost first, before rendering', async () => {
    const template = { render: (ctx: Record<string, unknown>) => `hello ${String(ctx.name)}` };
    const hooks = (t: string[]) => seedMiddleware(t, {
      md1: {
        processTemplateResponse: (_r: HttpRequest, response: HttpResponseBase) => {
          t.push('Md1 template');
          (response as TemplateResponse).contextData.name += '!';
          return response;
        },
      },
      md2: {
        processTemplateResponse: (_r: HttpRequest, response: HttpResponseBase) => {
          t.push('Md2 template');
          (response as TemplateResponse).contextData.name = 'seed';
          return response;
        },
      },
    });
    const rendered = setup(hooks, () => (request: HttpRequest) => new TemplateResponse(request, template, { name: 'x' }));
    const response = await rendered.get();
    expect(rendered.trace).toEqual(['Md1 request', 'Md2 request', 'Md2 template', 'Md1 template', 'Md2 response', 'Md1 response']);
    expect((response as HttpResponse).text).toBe('hello seed!');

    const plain = setup(hooks, plainView);
    await plain.get();
    expect(plain.trace).not.toContain('Md1 template');
  });

  it('function-style middleware (getResponse factory) wraps the inner layers', async () => {
    const { trace, get } = setup(
      (t) => {
        const outer = (getResponse: GetResponse) => async (request: HttpRequest) => {
          t.push('outer before');
          const response = await getResponse(request);
          t.push('outer after');
          return response;
        };
        const inner = (getResponse: GetResponse) => Object.assign(
          async (request: HttpRequest) => {
            t.push('inner before');
            const response = await getResponse(request);
            t.push('inner after');
            return response;
          },
          { processView: () => void t.push('inner view') },
        );
        return [outer, ...seedMiddleware(t), inner];
      },
      plainView,
    );
    await get();
    expect(trace).toEqual([
      'outer before', 'Md1 request', 'Md2 request', 'inner before', 'inner view', 'view',
      'inner after', 'Md2 response', 'Md1 response', 'outer after',
    ]);
  });

  it('builds the chain once: factories run at construction, not per request', async () => {
    let built = 0;
    const { handler } = setup(() => [(getResponse: GetResponse) => {
      built += 1;
      return (request: HttpRequest) => getResponse(request);
    }], plainView);
    expect(built).toBe(1);
    await handler.handle(factory.get('/view/'));
    await handler.handle(factory.get('/view/'));
    expect(built).toBe(1);
  });

  it('a middleware may leave the chain at start-up with MiddlewareNotUsed', async () => {
    const { MiddlewareNotUsed } = await import('../conf/errors.js');
    const { trace, get } = setup(
      (t) => [() => { throw new MiddlewareNotUsed('not today'); }, ...seedMiddleware(t)],
      plainView,
    );
    expect((await get()).statusCode).toBe(200);
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'view', 'Md2 response', 'Md1 response']);
  });
});

describe('mistakes are caught with a clear message', () => {
  it('a processResponse that forgets to return the response is a 500 naming the hook', async () => {
    let logged = '';
    const { get } = setup(
      (t) => seedMiddleware(t, { md2: { processResponse: (() => undefined) as never } }),
      plainView,
    );
    gotRequestException.connect(({ exception }) => { logged = String(exception); }, { dispatchUid: 'mistake' });
    const response = await get();
    gotRequestException.disconnect(undefined, { dispatchUid: 'mistake' });
    expect(response.statusCode).toBe(500);
    expect(logged).toMatch(/Md2\.processResponse didn't return an HttpResponse object; it returned undefined/);
  });

  it('a view that returns nothing is a 500 naming the view', async () => {
    let logged = '';
    const { get } = setup(() => [], () => function bookList() { return undefined as never; });
    gotRequestException.connect(({ exception }) => { logged = String(exception); }, { dispatchUid: 'view' });
    expect((await get()).statusCode).toBe(500);
    gotRequestException.disconnect(undefined, { dispatchUid: 'view' });
    expect(logged).toMatch(/The view bookList didn't return an HttpResponse object/);
  });
});

describe('errors become answers', () => {
  const cases: Array<[string, () => unknown, number]> = [
    ['Http404', () => { throw new Http404('no such book'); }, 404],
    ['PermissionDenied', () => { throw new PermissionDenied(); }, 403],
    ['SuspiciousOperation', () => { throw new SuspiciousOperation('odd'); }, 400],
    ['BadRequest', () => { throw new BadRequest('bad'); }, 400],
    ['RequestDataTooBig', () => { throw new RequestDataTooBig('big'); }, 413],
    ['any other error', () => { throw new TypeError('bug'); }, 500],
  ];
  for (const [name, thrower, status] of cases) {
    it(`${name} → ${status}`, async () => {
      const { get } = setup(() => [], () => thrower as View);
      const response = await get();
      expect(response.statusCode).toBe(status);
      expect((response as HttpResponse).text).not.toContain('bug');
    });
  }

  it('an unknown URL is 404, with a plain page when DEBUG is off', async () => {
    const { get } = setup(() => [], plainView);
    const response = await get('/nowhere/');
    expect(response.statusCode).toBe(404);
    expect((response as HttpResponse).text).toContain('Not Found');
  });

  it('uses the URLconf handler404 and handler500 when it names them', async () => {
    const handler = new Handler(defineSettings({
      SECRET_KEY: 'test',
      ROOT_URLCONF: {
        urlpatterns: [path('boom/', () => { throw new Error('x'); })],
        handler404: () => new HttpResponse('custom 404', { status: 404 }),
        handler500: () => new HttpResponse('custom 500', { status: 500 }),
      },
    }));
    expect(((await handler.handle(factory.get('/missing/'))) as HttpResponse).text).toBe('custom 404');
    expect(((await handler.handle(factory.get('/boom/'))) as HttpResponse).text).toBe('custom 500');
  });
});

describe('request signals', () => {
  it('sends request_started, got_request_exception and request_finished', async () => {
    const events: string[] = [];
    const started = () => void events.push('started');
    const failed = ({ request }: { request: HttpRequest }) => void events.push(`exception ${request.path}`);
    const finished = () => void events.push('finished');
    requestStarted.connect(started);
    gotRequestException.connect(failed);
    requestFinished.connect(finished);
    try {
      const { handler } = setup(() => [], () => () => { throw new Error('boom'); });
      const request = factory.get('/view/');
      const response = await handler.handle(request);
      await handler.finish(request, response);
    } finally {
      requestStarted.disconnect(started);
      gotRequestException.disconnect(failed);
      requestFinished.disconnect(finished);
    }
    expect(events).toEqual(['started', 'exception /view/', 'finished']);
  });

  it('does not send got_request_exception for a 404', async () => {
    const events: string[] = [];
    const failed = () => void events.push('exception');
    gotRequestException.connect(failed);
    try {
      const { get } = setup(() => [], plainView);
      await get('/nowhere/');
    } finally {
      gotRequestException.disconnect(failed);
    }
    expect(events).toEqual([]);
  });
});

describe('DEBUG pages through the handler', () => {
  const debugHandler = () => new Handler(defineSettings({
    DEBUG: true,
    SECRET_KEY: 'very-secret-value',
    ALLOWED_HOSTS: ['testserver'],
    ROOT_URLCONF: {
      urlpatterns: [
        path('books/<int:id>/', () => new HttpResponse('book')),
        path('boom/', () => { throw new TypeError('kaboom <b>'); }),
      ],
    },
  }));

  it('a 404 lists the patterns tried', async () => {
    const response = (await debugHandler().handle(factory.get('/nowhere/', undefined, { headers: { accept: 'text/html' } }))) as HttpResponse;
    expect(response.statusCode).toBe(404);
    expect(response.text).toContain('books/&lt;int:id&gt;/');
    expect(response.text).toContain('boom/');
  });

  it('a 500 shows the error and stack, escaped, with secrets masked', async () => {
    const response = (await debugHandler().handle(factory.get('/boom/', undefined, { headers: { accept: 'text/html' } }))) as HttpResponse;
    expect(response.statusCode).toBe(500);
    expect(response.text).toContain('kaboom &lt;b&gt;');
    expect(response.text).toContain('handler.test.ts');
    expect(response.text).not.toContain('very-secret-value');
  });

  it('with DEBUG off the 500 page says nothing of the error', async () => {
    const { handler } = setup(() => [], () => () => { throw new TypeError('kaboom'); });
    const response = (await handler.handle(factory.get('/view/'))) as HttpResponse;
    expect(response.text).not.toContain('kaboom');
    expect(response.text).toContain('Server Error (500)');
  });
});
