import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../conf/log.js';
import { configureSettings, defineSettings } from '../../conf/settings/index.js';
import { HttpResponse } from '../../http/index.js';
import type { HttpRequest } from '../../http/index.js';
import { RequestFactory } from '../../testing/index.js';
import { requireGET, requireHttpMethods, requirePOST, requireSafe } from './http.js';

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
});

const factory = new RequestFactory();
const view = (request: HttpRequest, kwargs?: { id: number }) => new HttpResponse(`${request.method} ${kwargs?.id ?? ''}`);

describe('require_http_methods', () => {
  it('lets listed methods through with their arguments', async () => {
    const guarded = requireHttpMethods(['get', 'POST'])(view);
    expect(((await guarded(factory.get('/'), { id: 7 })) as HttpResponse).text).toBe('GET 7');
    expect(((await guarded(factory.post('/'))) as HttpResponse).text).toBe('POST ');
  });

  it('answers 405 with Allow for others', async () => {
    const response = await requireHttpMethods(['GET', 'POST'])(view)(factory.delete('/'));
    expect(response.statusCode).toBe(405);
    expect(response.headers.get('Allow')).toBe('GET, POST');
  });

  it('requireGET, requirePOST and requireSafe', async () => {
    expect((await requireGET(view)(factory.post('/'))).statusCode).toBe(405);
    expect((await requirePOST(view)(factory.get('/'))).statusCode).toBe(405);
    expect((await requireSafe(view)(factory.head('/'))).statusCode).toBe(200);
    expect((await requireSafe(view)(factory.put('/'))).headers.get('Allow')).toBe('GET, HEAD');
  });

  it('keeps the view name for error messages', () => {
    function bookList(): HttpResponse { return new HttpResponse(); }
    expect(requireGET(bookList).name).toBe('bookList');
  });
});
