import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { ChildProcess } from 'node:child_process';
import { freePort, startDemo } from '../lib/demo-process.js';

/**
 * Seed 000's login example in a real browser (Debian's Chromium driven by playwright-core): log
 * in through the form, reload the protected page, post with X-CSRFToken from script, and see a
 * forged form on another site refused.
 */

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (missing !== undefined && process.env.CI === 'true') throw new Error(`${missing}; under CI=true it is required`);

const scratch = mkdtempSync(join(tmpdir(), 'canter-browser-'));
let demo: { child: ChildProcess; base: string };
let browser: Browser;
let evil: Server;
let evilBase: string;

beforeAll(async () => {
  if (missing !== undefined) return;
  demo = await startDemo({ SECRET_KEY: 'browser-test', DATABASE_URL: `sqlite:///${join(scratch, 'demo.sqlite3')}` });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // Another site (localhost is not the same site as 127.0.0.1) whose page posts a form to the demo.
  const evilPort = await freePort();
  const target = `${demo.base}/api/echo/`;
  evil = createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><form id="f" method="POST" action="${target}"><input name="amount" value="1000000"></form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => evil.listen(evilPort, 'localhost', resolve));
  evilBase = `http://localhost:${evilPort}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  evil?.close();
  demo?.child.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${demo.base}/session-login/`);
  await page.fill('input[name="username"]', 'root');
  await page.fill('input[name="password"]', '123');
  await Promise.all([page.waitForURL(`${demo.base}/index/`), page.click('input[type="submit"]')]);
}

describe.skipIf(missing !== undefined)('the demo in Chromium', { timeout: 60_000 }, () => {
  it('logs in through the form and stays logged in across a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page);
    expect(await page.textContent('body')).toContain('hello root');
    await page.reload();
    expect(page.url()).toBe(`${demo.base}/index/`);
    expect(await page.textContent('body')).toContain('hello root');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'sessionid')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await context.close();
  });

  it('a wrong password shows the form again with "invalid login"', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.base}/session-login/`);
    await page.fill('input[name="username"]', 'root');
    await page.fill('input[name="password"]', 'nope');
    await Promise.all([page.waitForLoadState('load'), page.click('input[type="submit"]')]);
    expect(await page.textContent('body')).toContain('invalid login');
    await context.close();
  });

  it('an ajax post from the page carries X-CSRFToken from the cookie and is answered; without it, 403', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page);
    // The page's script reads the token from the (non-HttpOnly) csrftoken cookie, as seed 000's jQuery does.
    const answers = await page.evaluate(async () => {
      const token = (globalThis as unknown as { document: { cookie: string } }).document.cookie
        .split('; ').find((c: string) => c.startsWith('csrftoken='))?.split('=')[1] ?? '';
      const post = (headers: Record<string, string>) =>
        fetch('/api/echo/', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ seed: '000' }) })
          .then(async (r) => [r.status, await r.text()] as const);
      return [await post({ 'X-CSRFToken': token }), await post({})];
    });
    expect(answers[0]).toEqual([200, '{"seed":"000"}']);
    expect(answers[1]![0]).toBe(403);
    await context.close();
  });

  it('a form on another site posting to the demo is refused with 403', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await logIn(page);
    const [response] = await Promise.all([page.waitForResponse(`${demo.base}/api/echo/`), page.goto(evilBase)]);
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('CSRF verification failed');
    await context.close();
  });
});
