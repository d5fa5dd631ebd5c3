import { beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse } from '../http/index.js';
import type { HttpRequest, HttpResponseBase } from '../http/index.js';
import { RequestFactory } from '../testing/index.js';
import { path } from '../urls/index.js';
import type { View } from '../urls/index.js';
import { Handler } from './handler.js';
import { configureLogging } from '../conf/log.js';
import { MiddlewareMixin } from '../middleware/mixin.js';
import type { GetResponse, MiddlewareEntry } from '../middleware/mixin.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';

/**
 * The chain answers synchronously when every hook and the view did, and switches to Promises at
 * the first one that did not. These tests pin that the order and the rules of the hooks are the
 * same on every mix of sync and async steps.
 */

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

type Mode = 'sync' | 'async';
const modes: Mode[] = ['sync', 'async'];

function maybeAsync<T>(mode: Mode, fn: () => T): T | Promise<T> {
  return mode === 'sync' ? fn() : tick().then(fn);
}

function tracer(name: string, trace: string[], mode: Mode, options: { early?: boolean; viewAnswer?: boolean; exceptionAnswer?: boolean } = {}) {
  return class extends MiddlewareMixin {
    processRequest(): unknown {
      return maybeAsync(mode, () => {
        trace.push(`${name} request`);
        return options.early ? new HttpResponse(`${name} early`) : undefined;
      });
    }

    processView(): unknown {
      return maybeAsync(mode, () => {
        trace.push(`${name} view`);
        return options.viewAnswer ? new HttpResponse(`${name} view answer`) : undefined;
      });
    }

    processException(): unknown {
      return maybeAsync(mode, () => {
        trace.push(`${name} exception`);
        return options.exceptionAnswer ? new HttpResponse(`${name} handled`, { status: 500 }) : undefined;
      });
    }

    processResponse(_request: HttpRequest, response: HttpResponseBase): unknown {
      return maybeAsync(mode, () => {
        trace.push(`${name} response`);
        return response;
      });
    }
  } as unknown as MiddlewareEntry;
}

async function run(middleware: MiddlewareEntry[], view: View): Promise<[number, string]> {
  const handler = new Handler(defineSettings({ SECRET_KEY: 'k', MIDDLEWARE: middleware, ROOT_URLCONF: { urlpatterns: [path('v/', view)] } }));
  const response = (await handler.handle(new RequestFactory().get('/v/'))) as HttpResponse;
  return [response.statusCode, response.text];
}

describe.each(modes)('Md1 %s', (m1) => {
  describe.each(modes)('Md2 %s', (m2) => {
    describe.each(modes)('view %s', (mv) => {
      it('runs the full trace in order', async () => {
        const trace: string[] = [];
        const view: View = () => maybeAsync(mv, () => { trace.push('view'); return new HttpResponse('body'); });
        expect(await run([tracer('Md1', trace, m1), tracer('Md2', trace, m2)], view)).toEqual([200, 'body']);
        expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 view', 'view', 'Md2 response', 'Md1 response']);
      });

      it('an early answer from Md2 skips the view and comes back out', async () => {
        const trace: string[] = [];
        const view: View = () => maybeAsync(mv, () => { trace.push('view'); return new HttpResponse('body'); });
        expect(await run([tracer('Md1', trace, m1), tracer('Md2', trace, m2, { early: true })], view)).toEqual([200, 'Md2 early']);
        expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md2 response', 'Md1 response']);
      });

      it('an answer from Md1.processView skips Md2.processView and the view', async () => {
        const trace: string[] = [];
        const view: View = () => maybeAsync(mv, () => { trace.push('view'); return new HttpResponse('body'); });
        expect(await run([tracer('Md1', trace, m1, { viewAnswer: true }), tracer('Md2', trace, m2)], view)).toEqual([200, 'Md1 view answer']);
        expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 response', 'Md1 response']);
      });

      it('a view error goes to processException innermost first; Md1 answers', async () => {
        const trace: string[] = [];
        const view: View = () => maybeAsync(mv, () => { trace.push('view'); throw new Error('boom'); });
        const result = await run([tracer('Md1', trace, m1, { exceptionAnswer: true }), tracer('Md2', trace, m2)], view);
        expect(result).toEqual([500, 'Md1 handled']);
        expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 view', 'view', 'Md2 exception', 'Md1 exception', 'Md2 response', 'Md1 response']);
      });

      it('an error thrown by Md2.processRequest becomes a 500 that Md1 still sees', async () => {
        const trace: string[] = [];
        const Md2 = class extends MiddlewareMixin {
          processRequest(): unknown {
            return maybeAsync(m2, () => { trace.push('Md2 request'); throw new Error('md2 broke'); });
          }
        };
        const view: View = () => maybeAsync(mv, () => new HttpResponse('body'));
        const [status] = await run([tracer('Md1', trace, m1), Md2], view);
        expect(status).toBe(500);
        expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 response']);
      });
    });
  });
});

describe('function-style layers', () => {
  it('a factory that awaits getResponse and one that passes it on both work around sync and async views', async () => {
    for (const mode of modes) {
      const trace: string[] = [];
      const awaiting = (getResponse: GetResponse) => async (request: HttpRequest) => {
        trace.push('awaiting in');
        const response = await getResponse(request);
        trace.push('awaiting out');
        return response;
      };
      const passing = (getResponse: GetResponse) => (request: HttpRequest) => getResponse(request);
      const view: View = () => maybeAsync(mode, () => new HttpResponse('v'));
      expect(await run([awaiting, passing], view)).toEqual([200, 'v']);
      expect(trace).toEqual(['awaiting in', 'awaiting out']);
    }
  });

  it('a sync answer from a fully sync chain needs no await', () => {
    const handler = new Handler(defineSettings({
      SECRET_KEY: 'k',
      MIDDLEWARE: [tracer('Md1', [], 'sync')],
      ROOT_URLCONF: { urlpatterns: [path('v/', () => new HttpResponse('v'))] },
    }));
    const result = handler.handle(new RequestFactory().get('/v/'));
    expect(result).toBeInstanceOf(HttpResponse);
  });
});
