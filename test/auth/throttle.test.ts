/**
 * Beyond Django: LOGIN_THROTTLE. Repeated failures for one username are slowed, then refused
 * for the window; so are failures from one client address; a success clears the username's
 * count; userLoginFailed is still sent; a failing cache lets logins through; logins made without
 * a request are never counted.
 */
import { beforeAll, beforeEach, expect, it } from 'vitest';
import {
  authApp,
  authenticate,
  ContentType,
  contentTypesApp,
  Group,
  LoginThrottled,
  Permission,
  User,
  userLoginFailed,
} from '../../src/auth/index.js';
import { caches } from '../../src/cache/index.js';
import { configureLogging, overrideSettings, PermissionDenied } from '../../src/core/index.js';
import type { LogRecord } from '../../src/core/index.js';
import { sessionsApp } from '../../src/sessions/index.js';
import { RequestFactory } from '../../src/testing/index.js';
import { describeDatabases } from '../../src/testing/databases.js';

const factory = new RequestFactory();
const from = (address: string) => factory.post('/login/', {}, undefined, { remoteAddress: address });

const THROTTLE = { SLOW_AFTER: 2, REFUSE_AFTER: 4, REFUSE_ADDRESS_AFTER: 6, MAX_DELAY: 0.2, WINDOW: 1 };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

await describeDatabases('LOGIN_THROTTLE', () => {
  beforeAll(() => overrideSettings({
    SECRET_KEY: 'throttle-tests',
    INSTALLED_APPS: [contentTypesApp, authApp, sessionsApp],
    PASSWORD_HASHERS: ['md5'],
    CACHES: {
      default: { BACKEND: 'locmem' },
      broken: { BACKEND: 'redis', LOCATION: 'redis://127.0.0.1:1', OPTIONS: { SOCKET_CONNECT_TIMEOUT: 0.2, SOCKET_TIMEOUT: 0.2 } },
    },
    LOGIN_THROTTLE: THROTTLE,
  }));

  beforeEach(async () => {
    await caches.get('default').clear();
    await User.objects.createUser('ann', '', 'right');
    await User.objects.createUser('bob', '', 'right');
  });

  it('slows a username after SLOW_AFTER failures, then refuses it, even with the right password', async () => {
    for (let i = 0; i < 2; i++) {
      const [user, ms] = await timed(() => authenticate(from('10.0.0.1'), { username: 'ann', password: 'wrong' }));
      expect(user).toBeNull();
      expect(ms).toBeLessThan(150);
    }
    const [third, slow] = await timed(() => authenticate(from('10.0.0.1'), { username: 'ann', password: 'wrong' }));
    expect(third).toBeNull();
    expect(slow).toBeGreaterThanOrEqual(190);
    await authenticate(from('10.0.0.1'), { username: 'ann', password: 'wrong' });
    const refused = authenticate(from('10.0.0.2'), { username: 'ann', password: 'right' });
    await expect(refused).rejects.toBeInstanceOf(LoginThrottled);
    await expect(authenticate(from('10.0.0.2'), { username: 'ann', password: 'right' })).rejects.toBeInstanceOf(PermissionDenied);
    await expect(authenticate(from('10.0.0.2'), { username: 'ann', password: 'right' })).rejects.toThrow('Too many failed login attempts. Try again in 1 minute.');
    // Another username is not affected.
    expect((await authenticate(from('10.0.0.2'), { username: 'bob', password: 'right' }))?.pk).toBeDefined();
  });

  it('releases the username when the window has passed', async () => {
    for (let i = 0; i < 4; i++) await authenticate(from('10.0.1.1'), { username: 'ann', password: 'wrong' }).catch(() => null);
    await expect(authenticate(from('10.0.1.1'), { username: 'ann', password: 'right' })).rejects.toBeInstanceOf(LoginThrottled);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await authenticate(from('10.0.1.1'), { username: 'ann', password: 'right' }))?.pk).toBeDefined();
  });

  it('counts usernames case-insensitively, so changing case does not reset the count', async () => {
    for (const name of ['ann', 'ANN', 'Ann', 'aNn']) await authenticate(from('10.0.2.1'), { username: name, password: 'wrong' }).catch(() => null);
    await expect(authenticate(from('10.0.2.1'), { username: 'ann', password: 'right' })).rejects.toBeInstanceOf(LoginThrottled);
  });

  it('a success clears the username\'s count', async () => {
    for (let i = 0; i < 3; i++) await authenticate(from('10.0.3.1'), { username: 'ann', password: 'wrong' });
    expect(await authenticate(from('10.0.3.1'), { username: 'ann', password: 'right' })).not.toBeNull();
    const [, ms] = await timed(() => authenticate(from('10.0.3.1'), { username: 'ann', password: 'wrong' }));
    expect(ms).toBeLessThan(150);
  });

  it('refuses one client address after REFUSE_ADDRESS_AFTER failures across usernames', async () => {
    for (let i = 0; i < 6; i++) await authenticate(from('10.0.4.1'), { username: `guess${i}`, password: 'x' });
    await expect(authenticate(from('10.0.4.1'), { username: 'bob', password: 'right' })).rejects.toBeInstanceOf(LoginThrottled);
    expect(await authenticate(from('10.0.4.2'), { username: 'bob', password: 'right' })).not.toBeNull();
  });

  it('still sends userLoginFailed, with the credentials cleansed, for a refused attempt', async () => {
    for (let i = 0; i < 4; i++) await authenticate(from('10.0.5.1'), { username: 'ann', password: 'wrong' }).catch(() => null);
    const seen: unknown[] = [];
    const receiver = ({ credentials }: { credentials: unknown }) => { seen.push(credentials); };
    userLoginFailed.connect(receiver);
    try {
      await authenticate(from('10.0.5.1'), { username: 'ann', password: 'right' }).catch(() => null);
    } finally {
      userLoginFailed.disconnect(receiver);
    }
    expect(seen).toEqual([{ username: 'ann', password: '********************' }]);
  });

  it('never counts a login made without a request (authenticate(null, …), the test Client)', async () => {
    for (let i = 0; i < 8; i++) expect(await authenticate(null, { username: 'ann', password: 'wrong' })).toBeNull();
    expect(await authenticate(null, { username: 'ann', password: 'right' })).not.toBeNull();
    expect(await authenticate(from('10.0.6.1'), { username: 'ann', password: 'right' })).not.toBeNull();
  });

  it('a cache that fails lets logins through and says so on canter.security.auth', async () => {
    const records: LogRecord[] = [];
    configureLogging({ level: 'warning', sink: (record) => records.push(record) });
    const restore = overrideSettings({ LOGIN_THROTTLE: { ...THROTTLE, CACHE: 'broken' } });
    try {
      for (let i = 0; i < 5; i++) await authenticate(from('10.0.7.1'), { username: 'ann', password: 'wrong' });
      expect(await authenticate(from('10.0.7.1'), { username: 'ann', password: 'right' })).not.toBeNull();
    } finally {
      restore();
      configureLogging({ level: 'silent' });
      await caches.get('broken').close?.();
    }
    expect(records.some((r) => r.logger === 'canter.security.auth' && r.message.includes("the 'broken' cache failed"))).toBe(true);
  });

  it('LOGIN_THROTTLE: null turns it off', async () => {
    const restore = overrideSettings({ LOGIN_THROTTLE: null });
    try {
      for (let i = 0; i < 6; i++) await authenticate(from('10.0.8.1'), { username: 'ann', password: 'wrong' });
      expect(await authenticate(from('10.0.8.1'), { username: 'ann', password: 'right' })).not.toBeNull();
    } finally {
      restore();
    }
  });

  it('refuses a malformed LOGIN_THROTTLE when the settings are made', () => {
    expect(() => overrideSettings({ LOGIN_THROTTLE: { REFUSE_AFTER: -1 } as never }, () => undefined)).toThrow(/LOGIN_THROTTLE/);
    expect(() => overrideSettings({ LOGIN_THROTTLE: { LIMIT: 3 } as never }, () => undefined)).toThrow(/not LIMIT/);
    expect(() => overrideSettings({ LOGIN_THROTTLE: 'on' as never }, () => undefined)).toThrow(/LOGIN_THROTTLE/);
  });
}, { models: () => [ContentType, Permission, Group, User], flush: true, vendors: ['sqlite'] });
