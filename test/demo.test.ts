import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging, configureSettings } from '../src/core/index.js';
import type { LogRecord } from '../src/core/index.js';
import { Client } from '../src/testing/index.js';

/** The demo site of shared/spec/demo-site.md, as far as the core issue builds it. */

const records: LogRecord[] = [];

beforeAll(async () => {
  process.env.SECRET_KEY = 'demo-tests';
  const { default: settings } = await import('../examples/demo/settings.js');
  configureSettings(settings);
  configureLogging({ level: 'info', sink: (record) => records.push(record) });
});

function traced<T>(fn: () => Promise<T>): Promise<[T, string[]]> {
  records.length = 0;
  return fn().then((result) => [result, records.filter((r) => r.logger === 'demo').map((r) => r.message)]);
}

describe('demo site', () => {
  it('GET /hello/ passes through Md1 and Md2 and answers ok as text/plain', async () => {
    const [response, trace] = await traced(() => new Client().get('/hello/'));
    expect(response.statusCode).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(response.text).toBe('ok');
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 view', 'Md2 response', 'Md1 response']);
  });

  it('GET /error/ raises ValueError, and Md2.processException answers 500 "error"', async () => {
    const [response, trace] = await traced(() => new Client({ raiseRequestException: false }).get('/error/'));
    expect(response.statusCode).toBe(500);
    expect(response.text).toBe('error');
    expect(trace).toEqual(['Md1 request', 'Md2 request', 'Md1 view', 'Md2 view', 'Md2 exception', 'Md2 response', 'Md1 response']);
  });

  it('GET /pizza/ sends pizza_done and shows what the receiver got, as compact JSON', async () => {
    const response = await new Client().get('/pizza/');
    expect(response.statusCode).toBe(200);
    expect(response.text).toBe('{"sender":"seven","toppings":"123","size":"456"}');
  });

  it('GET /no-slash/ exists; an unknown URL is a plain 404', async () => {
    expect((await new Client().get('/no-slash/')).statusCode).toBe(200);
    const missing = await new Client().get('/nowhere/');
    expect(missing.statusCode).toBe(404);
    expect(missing.text).not.toContain('urlpatterns');
  });
});
