import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo } from '../lib/demo-process.js';

/**
 * The demo's authentication pages in a real browser (Debian's Chromium driven by playwright-core):
 * sign up, log in with "remember me" off and on (seed 000's 10-second session), reach /backend/,
 * change the password and see another browser logged out, log out.
 */

const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (missing !== undefined && process.env.CI === 'true') throw new Error(`${missing}; under CI=true it is required`);

const scratch = mkdtempSync(join(tmpdir(), 'canter-browser-auth-'));
let demo: { child: ChildProcess; base: string };
let browser: Browser;

beforeAll(async () => {
  if (missing !== undefined) return;
  // BENCH_FAST_HASH keeps PBKDF2 cheap, so the test is about the pages, not the hashing.
  demo = await startDemo({ SECRET_KEY: 'browser-auth-test', BENCH_FAST_HASH: '1', DATABASE_URL: `sqlite:///${join(scratch, 'demo.sqlite3')}` });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  demo?.child.kill('SIGTERM');
  rmSync(scratch, { recursive: true, force: true });
});

async function submit(page: Page, fields: Record<string, string>, button = 'input[type="submit"]'): Promise<void> {
  for (const [name, value] of Object.entries(fields)) await page.fill(`input[name="${name}"]`, value);
  await Promise.all([page.waitForLoadState('load'), page.waitForNavigation(), page.click(button)]);
}

async function logIn(context: BrowserContext, username: string, password: string, remember = false): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${demo.base}/login/`);
  if (remember) await page.check('input[name="rmb"]');
  await submit(page, { username, password });
  return page;
}

describe.skipIf(missing !== undefined)('the demo\'s login pages in Chromium', { timeout: 90_000 }, () => {
  it('sign up, log in, /backend/, change the password (another browser is logged out), log out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.base}/signup/`);
    await submit(page, { username: 'walker', email: 'walker@example.com', password: 'first-pass', repeat_password: 'first-pass' });
    expect(new URL(page.url()).pathname).toBe('/login/');

    // Asking for /backend/ first: the login form carries next, and login lands there.
    await page.goto(`${demo.base}/backend/`);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login/?next=/backend/');
    await submit(page, { username: 'walker', password: 'first-pass' });
    expect(new URL(page.url()).pathname).toBe('/backend/');
    expect(await page.textContent('body')).toContain('hello walker');
    const session = (await context.cookies()).find((c) => c.name === 'sessionid');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000 + 13 * 24 * 3600);

    const other = await browser.newContext();
    const otherPage = await logIn(other, 'walker', 'first-pass');
    expect(await otherPage.textContent('body')).toContain('hello walker');

    await page.goto(`${demo.base}/set_password/`);
    await submit(page, { old_password: 'first-pass', new_password: 'second-pass', repeat_password: 'second-pass' });
    expect(new URL(page.url()).pathname).toBe('/backend/');
    expect(await page.textContent('body')).toContain('hello walker');

    await otherPage.goto(`${demo.base}/backend/`);
    expect(new URL(otherPage.url()).pathname).toBe('/login/');
    await other.close();

    await page.click('a[href="/logout/"]');
    await page.waitForURL(`${demo.base}/login/`);
    await page.goto(`${demo.base}/backend/`);
    expect(new URL(page.url()).pathname).toBe('/login/');
    await context.close();
  });

  it('"remember me" keeps the login 10 s: the cookie says so, and after it the login is over', async () => {
    const signup = await browser.newContext();
    const page = await signup.newPage();
    await page.goto(`${demo.base}/signup/`);
    await submit(page, { username: 'rmb', email: '', password: 'rmb-pass', repeat_password: 'rmb-pass' });
    await signup.close();

    const brief = await browser.newContext();
    const briefPage = await logIn(brief, 'rmb', 'rmb-pass', true);
    expect(await briefPage.textContent('body')).toContain('hello rmb');
    const cookie = (await brief.cookies()).find((c) => c.name === 'sessionid')!;
    expect(cookie.expires - Date.now() / 1000).toBeLessThanOrEqual(11);
    await briefPage.waitForTimeout(11_000);
    await briefPage.goto(`${demo.base}/backend/`);
    expect(new URL(briefPage.url()).pathname).toBe('/login/');
    await brief.close();
  });

  it('a wrong password shows "invalid login"; a hostile next is not followed', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.base}/login/?next=${encodeURIComponent('//evil.example/')}`);
    await submit(page, { username: 'walker', password: 'nope' });
    expect(await page.textContent('body')).toContain('invalid login');
    await page.goto(`${demo.base}/login/?next=${encodeURIComponent('https://evil.example/')}`);
    await submit(page, { username: 'walker', password: 'second-pass' });
    expect(new URL(page.url()).host).toBe(new URL(demo.base).host);
    expect(new URL(page.url()).pathname).toBe('/backend/');
    await context.close();
  });
});
