/** The file engine beyond the shared contract: atomic writes, the directory guard, corrupt files, SESSION_FILE_PATH, clearExpired. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { overrideSettings } from '../../conf/settings/index.js';
import { Client } from '../../testing/client.js';
import { InvalidSessionKey } from '../errors.js';
import { decodeSessionData, encodeSessionData, type SessionData } from '../session-data.js';
import { FileSessionStore } from './file.js';
import { KEY, isWhole, payload, saved, tempDir, useEngineTestKit, withSettings } from './engine-test-kit.js';

useEngineTestKit();

describe('file engine', () => {
  let dir: string;
  let restore: () => void;

  beforeEach(() => {
    dir = tempDir();
    restore = overrideSettings({ SESSION_ENGINE: 'file', SESSION_FILE_PATH: dir });
  });

  afterEach(() => restore());

  it('writes atomically: readers racing 200 writes of one session always see a whole session, and no temp file is left', async () => {
    const key = await saved(FileSessionStore, payload(-1));
    let writing = true;
    const seen: SessionData[] = [];
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const store = await new FileSessionStore(key).load();
        seen.push(Object.fromEntries(store.items()));
        seen.push(decodeSessionData(await readFile(join(dir, `sessionid${key}`), 'latin1')));
      }
    });
    const write = async (n: number): Promise<void> => {
      const store = await new FileSessionStore(key).load();
      store.update(payload(n));
      await store.save();
    };
    try {
      for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 40 }, (_, n) => write(n)));
    } finally {
      writing = false;
    }
    await Promise.all(readers);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen.filter((data) => !isWhole(data))).toStrictEqual([]);
    expect(readdirSync(dir)).toStrictEqual([`sessionid${key}`]);
  });

  it('never reads, writes, deletes or finds a file outside SESSION_FILE_PATH, whatever the key', async () => {
    const root = tempDir();
    const sessions = join(root, 'sessions');
    mkdirSync(sessions);
    const stolen = encodeSessionData({ stolen: true });
    writeFileSync(join(root, 'canary'), stolen);
    writeFileSync(join(sessions, 'canary'), stolen);
    writeFileSync(join(sessions, 'sessionidUPPERCASEKEY123'), stolen); // a key Canter would never make
    const hostile = [
      '/../../canary', '/../canary', '/../../../../../../../../../../etc/hostname', '\\..\\..\\canary',
      '/../../canary\0', 'UPPERCASEKEY123', '/./../../canary', 'abc/../../../canary',
    ];
    await withSettings({ SESSION_FILE_PATH: sessions }, async () => {
      for (const key of hostile) {
        const store = await new FileSessionStore(key).load();
        expect([key, store.sessionKey, store.keys()]).toStrictEqual([key, null, []]);
        expect(await new FileSessionStore().exists(key)).toBe(false);
        await new FileSessionStore().deleteSession(key);
        await expect(new FileSessionStore(key).save(true)).rejects.toBeInstanceOf(InvalidSessionKey);
        const client = new Client();
        client.cookies.set('sessionid', key);
        const response = await client.get('/counter/');
        expect([response.statusCode, response.text]).toStrictEqual([200, '1']);
        expect(client.cookies.get('sessionid')).toMatch(KEY);
      }
      await FileSessionStore.clearExpired();
    });
    expect(readFileSync(join(root, 'canary'), 'latin1')).toBe(stolen);
    expect(readFileSync(join(sessions, 'canary'), 'latin1')).toBe(stolen);
    expect(readFileSync(join(sessions, 'sessionidUPPERCASEKEY123'), 'latin1')).toBe(stolen);
    expect(readdirSync(root).sort()).toStrictEqual(['canary', 'sessions']);
    expect(readdirSync(sessions).filter((name) => !KEY.test(name.slice('sessionid'.length))).sort())
      .toStrictEqual(['canary', 'sessionidUPPERCASEKEY123']);
  });

  it('gives an empty session, never an error, for a corrupt, truncated, binary or empty file', async () => {
    const good = encodeSessionData({ user: 'root' });
    const contents: Array<string | Buffer> = [
      '', 'garbage', good.slice(0, -5), good.slice(0, good.length / 2), `${good}x`, good.replace(/:/g, ';'),
      encodeSessionData({ user: 'root' }, { key: 'another-secret' }), randomBytes(2048), Buffer.from([0xff, 0xfe, 0x00, 0x3a]),
    ];
    for (const [i, content] of contents.entries()) {
      const key = `corrupt${String(i).padStart(2, '0')}${'a'.repeat(23)}`;
      writeFileSync(join(dir, `sessionid${key}`), content);
      const store = await new FileSessionStore(key).load();
      expect([i, store.keys()]).toStrictEqual([i, []]);
    }
    const key = `corrupt00${'a'.repeat(23)}`;
    const client = new Client();
    client.cookies.set('sessionid', key);
    expect((await client.get('/counter/')).text).toBe('1');
    expect((await client.get('/counter/')).text).toBe('2');
  });

  it('refuses a SESSION_FILE_PATH that is missing or not a directory with ImproperlyConfigured naming the setting', async () => {
    for (const bad of [join(dir, 'missing'), join(dir, 'a-file')]) {
      if (bad.endsWith('a-file')) writeFileSync(bad, '');
      await withSettings({ SESSION_FILE_PATH: bad }, async () => {
        for (const attempt of [
          () => new FileSessionStore('abcdefgh12345678').load(),
          async () => (await new FileSessionStore().load()).save(),
          () => FileSessionStore.clearExpired(),
        ]) {
          const error = await attempt().then(() => undefined, (e: unknown) => e);
          expect(error).toBeInstanceOf(ImproperlyConfigured);
          expect((error as Error).message).toContain('SESSION_FILE_PATH');
          expect((error as Error).message).toContain(bad);
        }
      });
    }
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('stores in the OS temp directory when SESSION_FILE_PATH is null', async () => {
    const name = `canterenginetest${process.pid}x`;
    await withSettings({ SESSION_FILE_PATH: null, SESSION_COOKIE_NAME: name }, async () => {
      const key = await saved(FileSessionStore, { where: 'tmp' });
      try {
        expect(existsSync(join(tmpdir(), name + key))).toBe(true);
        expect((await new FileSessionStore(key).load()).get('where')).toBe('tmp');
      } finally {
        await new FileSessionStore().deleteSession(key);
      }
      expect(existsSync(join(tmpdir(), name + key))).toBe(false);
    });
  });

  it('clearExpired removes only expired sessions named with the cookie prefix, and ignores every other file', async () => {
    const live = await saved(FileSessionStore, { live: true });
    const past = new FileSessionStore();
    await past.load();
    past.set('gone', true);
    past.setExpiry(new Date(Date.now() - 60_000));
    await past.save();
    const old = new Date(Date.now() - 30 * 86_400_000);
    const others = ['notes.txt', `othercookie${'b'.repeat(32)}`, `sessionid${'c'.repeat(32)}_out_0a1b2c`, 'sessionid'];
    for (const name of others) {
      writeFileSync(join(dir, name), encodeSessionData({ other: true }));
      utimesSync(join(dir, name), old, old);
    }
    mkdirSync(join(dir, `sessionid${'d'.repeat(32)}`));
    await FileSessionStore.clearExpired();
    expect(readdirSync(dir).sort()).toStrictEqual([...others, `sessionid${'d'.repeat(32)}`, `sessionid${live}`].sort());
    expect((await new FileSessionStore(live).load()).get('live')).toBe(true);
  });

  it('expires a file by its age: SESSION_COOKIE_AGE or setExpiry(seconds) past its last write, or its expiry date', async () => {
    const make = async (expiry: number | Date | null, writtenSecondsAgo: number): Promise<string> => {
      const store = await new FileSessionStore().load();
      store.set('made', true);
      store.setExpiry(expiry);
      await store.save();
      const at = new Date(Date.now() - writtenSecondsAgo * 1000);
      utimesSync(join(dir, `sessionid${store.sessionKey!}`), at, at);
      return store.sessionKey!;
    };
    const expired = [
      await make(null, 1_209_600 + 60),
      await make(60, 120),
      await make(new Date(Date.now() - 10_000), 3600),
    ];
    const live = [await make(null, 86_400), await make(60, 30), await make(new Date(Date.now() + 3_600_000), 7200)];
    const loaded = await new FileSessionStore(expired[0]).load();
    expect(loaded.keys()).toStrictEqual([]);
    expect(loaded.sessionKey).not.toBe(expired[0]);
    await FileSessionStore.clearExpired();
    const names = readdirSync(dir);
    for (const key of expired) expect(names).not.toContain(`sessionid${key}`);
    for (const key of live) expect((await new FileSessionStore(key).load()).get('made')).toBe(true);
  });
});

// ---- signed_cookies --------------------------------------------------------------------------
