/** The signed_cookies engine beyond the shared contract: tampered and expired cookies, the size limit. */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { overrideSettings } from '../../conf/settings/index.js';
import { dumps, loads } from '../../signing/dumps.js';
import { Client } from '../../testing/client.js';
import { SessionTooLarge } from '../errors.js';
import { SIGNED_COOKIES_SALT, type SessionData } from '../session-data.js';
import { MAX_COOKIE_BYTES, SignedCookieSessionStore } from './signed-cookies.js';
import { records, saved, sessionCookie, useEngineTestKit, withSettings } from './engine-test-kit.js';

useEngineTestKit();

describe('signed_cookies engine', () => {
  let restore: () => void;

  beforeEach(() => {
    restore = overrideSettings({ SESSION_ENGINE: 'signed_cookies' });
  });

  afterEach(() => {
    vi.useRealTimers();
    restore();
  });

  async function cookieOf(data: SessionData): Promise<string> {
    return saved(SignedCookieSessionStore, data);
  }

  it('gives an empty session, no error, for a tampered, truncated, wrong-salt or garbage cookie, and the middleware re-issues a fresh one', async () => {
    const good = await cookieOf({ count: 41, user: 'root' });
    const payloadPart = good.slice(0, good.indexOf(':'));
    const signature = good.slice(good.lastIndexOf(':') + 1);
    const forgedPayload = dumps({ count: 41, user: 'admin' }, { salt: SIGNED_COOKIES_SALT, compress: true });
    const hostile = [
      good.slice(0, -1), good.slice(0, good.length - 10), good.slice(1), `${good}A`,
      good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      `${forgedPayload.slice(0, forgedPayload.indexOf(':'))}${good.slice(payloadPart.length)}`, // their payload, our signature
      dumps({ count: 41 }, { salt: 'django.contrib.sessions.other' }),
      dumps({ count: 41 }, { salt: SIGNED_COOKIES_SALT, key: 'someone-elses-key' }),
      dumps([1, 2, 3], { salt: SIGNED_COOKIES_SALT }), // signed, but not a session
      'garbagegarbagegarbage', `${'x'.repeat(50)}:${signature}`, 'x'.repeat(8192), ':::::::::',
    ];
    for (const value of hostile) {
      const store = await new SignedCookieSessionStore(value).load();
      expect([value.slice(0, 40), store.keys()]).toStrictEqual([value.slice(0, 40), []]);
      const client = new Client();
      client.cookies.set('sessionid', value);
      const response = await client.get('/read/');
      expect([response.statusCode, response.text]).toStrictEqual([200, 'none']);
      const fresh = client.cookies.get('sessionid')!;
      expect(fresh).not.toBe(value);
      expect(loads(fresh, { salt: SIGNED_COOKIES_SALT })).toStrictEqual({});
      expect((await client.get('/counter/')).text).toBe('1');
    }
  });

  it('is empty once older than SESSION_COOKIE_AGE, and not a second before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2030-01-01T00:00:00Z');
    vi.setSystemTime(start);
    await withSettings({ SESSION_COOKIE_AGE: 600 }, async () => {
      const value = await cookieOf({ count: 7 });
      vi.setSystemTime(start.getTime() + 600_000);
      expect((await new SignedCookieSessionStore(value).load()).get('count')).toBe(7);
      vi.setSystemTime(start.getTime() + 601_000);
      expect((await new SignedCookieSessionStore(value).load()).keys()).toStrictEqual([]);
      const client = new Client();
      client.cookies.set('sessionid', value);
      expect((await client.get('/counter/')).text).toBe('1');
    });
  });

  it('throws SessionTooLarge, giving the size and the limit, for a session too large for a cookie', async () => {
    const store = await new SignedCookieSessionStore().load();
    store.set('big', randomBytes(4000).toString('base64'));
    const error = await store.save().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTooLarge);
    const [, size] = /(\d+) bytes/.exec((error as Error).message) ?? [];
    expect(Number(size)).toBeGreaterThan(MAX_COOKIE_BYTES);
    expect((error as Error).message).toContain(String(MAX_COOKIE_BYTES));
    expect(store.sessionKey).toBeNull(); // nothing half-made was kept
  });

  it('never makes a cookie over the limit: each size either fits whole or is refused', async () => {
    const outcomes = new Set<string>();
    for (let n = 2900; n <= 3250; n += 10) {
      const store = await new SignedCookieSessionStore().load();
      const big = randomBytes(n).toString('base64');
      store.set('big', big);
      try {
        await store.save();
      } catch (error) {
        expect(error).toBeInstanceOf(SessionTooLarge);
        outcomes.add('refused');
        continue;
      }
      outcomes.add('fits');
      expect('sessionid='.length + store.sessionKey!.length).toBeLessThanOrEqual(MAX_COOKIE_BYTES);
      expect((await new SignedCookieSessionStore(store.sessionKey).load()).get('big')).toBe(big);
    }
    expect([...outcomes].sort()).toStrictEqual(['fits', 'refused']);
  });

  it('answers a clear 500 for an oversized session through the middleware, and never sends a cut cookie', async () => {
    const client = new Client({ raiseRequestException: false });
    await client.get('/counter/');
    const before = client.cookies.get('sessionid');
    const response = await client.get('/big/6000/');
    expect(response.statusCode).toBe(500);
    expect(sessionCookie(response)).toBeUndefined();
    expect(client.cookies.get('sessionid')).toBe(before);
    const logged = records.find((record) => record.logger === 'canter.request' && record.level === 'error');
    expect(logged?.error).toBeInstanceOf(SessionTooLarge);
    expect((logged?.error as Error).message).toMatch(/\d+ bytes.*4093/);
    expect((await client.get('/counter/')).text).toBe('2'); // the old cookie still works
  });
});

// ---- cache -----------------------------------------------------------------------------------
