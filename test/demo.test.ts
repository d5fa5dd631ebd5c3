import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging, configureSettings, defineSettings, installedApps, loadInstalledModels } from '../src/core/index.js';
import type { LogRecord } from '../src/core/index.js';
import { connections, MigrationExecutor, MigrationLoader } from '../src/db/index.js';
import { Client } from '../src/testing/index.js';

/** The demo site of shared/spec/demo-site.md, as far as the core issue builds it. */

const records: LogRecord[] = [];

beforeAll(async () => {
  process.env.SECRET_KEY = 'demo-tests';
  const { default: settings } = await import('../examples/demo/settings.js');
  await import('../examples/demo/signals.js');
  configureSettings(defineSettings({ ...settings, DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }));
  configureLogging({ level: 'info', sink: (record) => records.push(record) });
  await loadInstalledModels();
  await new MigrationExecutor(connections.get(), await MigrationLoader.load(installedApps())).migrate();
});

afterAll(async () => {
  await connections.closeAll();
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

  it('GET /cached/ answers the time the view ran, and the same body for 15 minutes', async () => {
    const first = await new Client().get('/cached/');
    expect(first.statusCode).toBe(200);
    expect(first.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(Number(first.text)).toBeGreaterThan(Date.now() - 60_000);
    expect(first.headers.get('Cache-Control')).toBe('max-age=900');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await new Client().get('/cached/');
    expect(second.text).toBe(first.text);
    const other = await new Client().get('/cached/?page=2');
    expect(other.text).not.toBe(first.text);
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

  it('the data migration seeded 100 books: book{i} at 30 + i*i', async () => {
    const { Book } = await import('../examples/demo/models.js');
    expect(await Book.objects.count()).toBe(100);
    const book7 = await Book.objects.get({ title: 'book7' });
    expect(book7.price).toBe(79);
  });

  it('GET /userinfo/create/ creates a UserInfo, logging pre_save and post_save', async () => {
    const [response, trace] = await traced(() => new Client().get('/userinfo/create/', { name: 'root', pwd: '123' }));
    expect(response.statusCode).toBe(200);
    const { id } = response.json() as { id: number };
    expect(id).toBeGreaterThan(0);
    expect(trace).toContain('pre_save UserInfo');
    expect(trace).toContain('post_save UserInfo created=true');
    expect(trace.indexOf('pre_save UserInfo')).toBeLessThan(trace.indexOf('post_save UserInfo created=true'));
    const { UserInfo } = await import('../examples/demo/models.js');
    expect((await UserInfo.objects.get({ id })).name).toBe('root');
  });
});
