import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

  it('GET /no-slash redirects 301 to /no-slash/ (APPEND_SLASH); the query string is kept', async () => {
    const response = await new Client().get('/no-slash?x=1');
    expect(response.statusCode).toBe(301);
    expect(response.headers.get('Location')).toBe('/no-slash/?x=1');
  });

  it("every page carries the spec's security headers", async () => {
    // (CommonMiddleware's APPEND_SLASH redirect is made outside XFrameOptionsMiddleware, so, as in Django, it has no X-Frame-Options.)
    for (const url of ['/hello/', '/counter/', '/nowhere/', '/login/']) {
      const response = await new Client({ raiseRequestException: false }).get(url);
      expect(response.headers.get('X-Frame-Options')).toBe('DENY');
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Referrer-Policy')).toBe('same-origin');
      expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    }
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

describe('demo site: sessions (seed 000)', () => {
  afterEach(() => vi.useRealTimers());

  it('GET /counter/ counts per visitor: 1, 2, 3 with one cookie, 1 again without it', async () => {
    const client = new Client();
    const first = await client.get('/counter/');
    expect(first.statusCode).toBe(200);
    expect(first.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(first.text).toBe('1');
    expect(first.headers.get('Vary')).toBe('Cookie');
    expect((await client.get('/counter/')).text).toBe('2');
    expect((await client.get('/counter/')).text).toBe('3');
    expect((await new Client().get('/counter/')).text).toBe('1');
    const { Session } = await import('../src/sessions/index.js');
    const row = await Session.objects.get({ sessionKey: client.cookies.get('sessionid')! });
    const { decodeSessionData } = await import('../src/sessions/index.js');
    expect(decodeSessionData(row.sessionData)).toEqual({ count: 3 });
  });

  it('GET /index/ without logging in redirects to /session-login/', async () => {
    const response = await new Client().get('/index/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.get('Location')).toBe('/session-login/');
  });

  it('POST /session-login/ with a wrong password shows the form again with "invalid login" and stores nothing', async () => {
    const client = new Client();
    const response = await client.post('/session-login/', { username: 'root', password: 'wrong' });
    expect(response.statusCode).toBe(200);
    expect(response.text).toContain('invalid login');
    expect(response.templates.map((t) => t.name)).toContain('session-login.html');
    expect(response.context).toMatchObject({ error: 'invalid login', username: 'root' });
    expect(response.setCookieHeaders().filter((line) => line.startsWith('sessionid='))).toEqual([]);
  });

  it('root/123 logs in: /index/ says hello until /logout-session/ flushes the session', async () => {
    const client = new Client();
    expect((await client.get('/session-login/')).text).toContain('name="rmb" value="1"');
    const login = await client.post('/session-login/', { username: 'root', password: '123' });
    expect(login.statusCode).toBe(302);
    expect(login.headers.get('Location')).toBe('/index/');
    expect(login.setCookieHeaders()[0]).toMatch(/^sessionid=[a-z0-9]{32}; expires=.+; HttpOnly; Max-Age=1209600; Path=\/; SameSite=Lax$/);
    const index = await client.get('/index/');
    expect(index.statusCode).toBe(200);
    expect(index.text).toContain('hello root');
    const logout = await client.get('/logout-session/');
    expect(logout.headers.get('Location')).toBe('/session-login/');
    expect(logout.setCookieHeaders()[0]).toMatch(/^sessionid=""; expires=Thu, 01 Jan 1970/);
    expect((await client.get('/index/')).statusCode).toBe(302);
  });

  it('ticking "rmb" keeps the login 10 s: the cookie says Max-Age=10 and the stored session expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T10:00:00Z'));
    const client = new Client();
    const login = await client.post('/session-login/', { username: 'root', password: '123', rmb: '1' });
    expect(login.setCookieHeaders()[0]).toMatch(/; Max-Age=10; /);
    vi.setSystemTime(new Date('2026-11-22T10:00:09Z'));
    expect((await client.get('/index/')).statusCode).toBe(200);
    // The browser would drop the cookie now; a client that keeps sending it gets no session either.
    vi.setSystemTime(new Date('2026-11-22T10:00:11Z'));
    expect((await client.get('/index/')).statusCode).toBe(302);
  });
});

describe('demo site: CSRF (seed 000)', () => {
  it('GET /session-login/ puts a token in the form and sets the csrftoken cookie', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const response = await client.get('/session-login/');
    expect(response.text).toMatch(/<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">/);
    expect(response.setCookieHeaders().some((line) => /^csrftoken=[A-Za-z0-9]{32};/.test(line))).toBe(true);
  });

  it('POST /session-login/ with the form token logs in; without it, 403', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const token = /value="([A-Za-z0-9]{64})"/.exec((await client.get('/session-login/')).text)![1]!;
    expect((await client.post('/session-login/', { username: 'root', password: '123' })).statusCode).toBe(403);
    const login = await client.post('/session-login/', { username: 'root', password: '123', csrfmiddlewaretoken: token });
    expect(login.statusCode).toBe(302);
    expect((await client.get('/index/')).text).toContain('hello root');
  });

  it('POST /api/echo/ takes the token from X-CSRFToken (ajax) or the form field, echoes compact JSON, and refuses without one', async () => {
    const client = new Client({ enforceCsrfChecks: true });
    const token = /value="([A-Za-z0-9]{64})"/.exec((await client.get('/session-login/')).text)![1]!;
    const ajax = await client.post('/api/echo/', JSON.stringify({ a: 1, b: ['x'] }), 'application/json', { headers: { 'X-CSRFToken': token } });
    expect(ajax.statusCode).toBe(200);
    expect(ajax.text).toBe('{"a":1,"b":["x"]}');
    const form = await client.post('/api/echo/', { name: 'root', csrfmiddlewaretoken: token });
    expect(form.text).toBe('{"name":"root"}');
    const refused = await client.post('/api/echo/', JSON.stringify({ a: 1 }), 'application/json');
    expect(refused.statusCode).toBe(403);
    expect((await client.get('/api/echo/')).statusCode).toBe(405);
  });
});

describe('demo site: authentication (seeds 002 and 003)', () => {
  const signUp = (client: Client, username: string, password = 'pw-of-' + username, repeat = password) =>
    client.post('/signup/', { username, password, repeat_password: repeat, email: `${username}@example.com` });

  it('GET /login/ is the form with username, password, rmb=1 and a CSRF token', async () => {
    const response = await new Client().get('/login/');
    expect(response.statusCode).toBe(200);
    expect(response.text).toMatch(/name="username"[\s\S]*name="password"[\s\S]*name="rmb" value="1"/);
    expect(response.setCookieHeaders().some((line) => line.startsWith('csrftoken='))).toBe(true);
  });

  it('sign up, log in, reach /backend/, log out', async () => {
    const client = new Client();
    const signup = await signUp(client, 'ann');
    expect(signup.statusCode).toBe(302);
    expect(signup.headers.get('Location')).toBe('/login/');
    const denied = await client.get('/backend/');
    expect(denied.statusCode).toBe(302);
    expect(denied.headers.get('Location')).toBe('/login/?next=/backend/');
    const login = await client.post('/login/', { username: 'ann', password: 'pw-of-ann' });
    expect(login.statusCode).toBe(302);
    expect(login.headers.get('Location')).toBe('/backend/');
    const backend = await client.get('/backend/');
    expect(backend.statusCode).toBe(200);
    expect(backend.text).toContain('hello ann');
    expect(backend.text).toContain('href="/logout/"');
    const logout = await client.get('/logout/');
    expect(logout.statusCode).toBe(302);
    expect(logout.headers.get('Location')).toBe('/login/');
    expect((await client.get('/backend/')).statusCode).toBe(302);
  });

  it('a wrong password re-renders the form with "invalid login"', async () => {
    await signUp(new Client(), 'bob');
    const response = await new Client().post('/login/', { username: 'bob', password: 'nope' });
    expect(response.statusCode).toBe(200);
    expect(response.text).toContain('invalid login');
  });

  it('next: the POST field first, then the query string, and only a safe local URL', async () => {
    await signUp(new Client(), 'cat');
    const go = async (query: string, form: Record<string, string> = {}) =>
      (await new Client().post(`/login/${query}`, { username: 'cat', password: 'pw-of-cat', ...form })).headers.get('Location');
    expect(await go('?next=/counter/')).toBe('/counter/');
    expect(await go('?next=/counter/', { next: '/hello/' })).toBe('/hello/');
    for (const hostile of ['//evil.com/', 'https://evil.com/', '/\\evil.com', 'javascript:alert(1)', 'http:///evil.com', '/\t/evil.com', '\n//evil.com']) {
      expect(await go('', { next: hostile })).toBe('/backend/');
      expect(await go(`?next=${encodeURIComponent(hostile)}`)).toBe('/backend/');
    }
  });

  it('rmb=1 keeps the login 10 s', async () => {
    await signUp(new Client(), 'dan');
    const login = await new Client().post('/login/', { username: 'dan', password: 'pw-of-dan', rmb: '1' });
    expect(login.setCookieHeaders().find((line) => line.startsWith('sessionid='))).toMatch(/; Max-Age=10; /);
  });

  it('signup refuses a taken name (user_exist), passwords that differ (repeat_error) and empty fields', async () => {
    const client = new Client();
    await signUp(client, 'eve');
    const taken = await signUp(client, 'eve');
    expect(taken.statusCode).toBe(200);
    expect(taken.text).toContain('user_exist');
    const mismatch = await signUp(client, 'fay', 'one', 'two');
    expect(mismatch.text).toContain('repeat_error');
    expect((await signUp(client, '', 'x')).text).toContain('empty');
    const { User } = await import('../src/auth/index.js');
    expect(await User.objects.filter({ username: 'fay' }).exists()).toBe(false);
    const eve = await User.objects.get({ username: 'eve' });
    expect(eve.password).toMatch(/^pbkdf2_sha256\$/);
    expect(eve.email).toBe('eve@example.com');
  });

  it('set_password: errors, then success keeps this session and logs out the others', async () => {
    await signUp(new Client(), 'gus');
    const here = new Client();
    const elsewhere = new Client();
    for (const client of [here, elsewhere]) await client.post('/login/', { username: 'gus', password: 'pw-of-gus' });
    expect((await here.get('/set_password/')).statusCode).toBe(200);
    const change = (form: Record<string, string>) => here.post('/set_password/', form);
    expect((await change({ old_password: 'wrong', new_password: 'n', repeat_password: 'n' })).text).toContain('password_error');
    expect((await change({ old_password: 'pw-of-gus', new_password: '', repeat_password: '' })).text).toContain('empty');
    expect((await change({ old_password: 'pw-of-gus', new_password: 'a', repeat_password: 'b' })).text).toContain('repeat_error');
    const done = await change({ old_password: 'pw-of-gus', new_password: 'fresh-pw', repeat_password: 'fresh-pw' });
    expect(done.statusCode).toBe(302);
    expect(done.headers.get('Location')).toBe('/backend/');
    expect((await here.get('/backend/')).text).toContain('hello gus');
    expect((await elsewhere.get('/backend/')).statusCode).toBe(302);
    expect((await new Client().post('/login/', { username: 'gus', password: 'fresh-pw' })).statusCode).toBe(302);
    expect((await new Client().get('/set_password/')).headers.get('Location')).toBe('/login/?next=/set_password/');
  });

  it('login CSRF: POST /login/ without the token is refused', async () => {
    await signUp(new Client(), 'hal');
    const client = new Client({ enforceCsrfChecks: true, raiseRequestException: false });
    expect((await client.post('/login/', { username: 'hal', password: 'pw-of-hal' })).statusCode).toBe(403);
  });
});

describe('demo site: login throttling (beyond Django)', () => {
  it('after LOGIN_THROTTLE\'s failures the form says to try again later, even with the right password', async () => {
    const { overrideSettings } = await import('../src/core/index.js');
    const restore = overrideSettings({ LOGIN_THROTTLE: { SLOW_AFTER: 100, REFUSE_AFTER: 2, WINDOW: 60 } });
    try {
      const client = new Client();
      await client.post('/signup/', { username: 'ivy', password: 'pw-of-ivy', repeat_password: 'pw-of-ivy', email: '' });
      for (let i = 0; i < 2; i++) expect((await client.post('/login/', { username: 'ivy', password: 'nope' })).text).toContain('invalid login');
      const refused = await client.post('/login/', { username: 'ivy', password: 'pw-of-ivy' });
      expect(refused.statusCode).toBe(200);
      expect(refused.text).toContain('Too many failed login attempts. Try again in 1 minute.');
      expect((await client.get('/backend/')).statusCode).toBe(302);
    } finally {
      restore();
    }
  });
});
