import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../testing/contracts/cache.js';
import type { CacheSettings } from '../config.js';
import { InvalidCacheBackendError } from '../errors.js';
import { createCache } from '../registry.js';
import { FileBasedCache } from './file.js';

const root = mkdtempSync(join(tmpdir(), 'canter-file-cache-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let counter = 0;
function make(overrides: Partial<CacheSettings> = {}, location = join(root, `c${++counter}`)): FileBasedCache {
  return createCache('files', { BACKEND: FileBasedCache, LOCATION: location, ...overrides }) as FileBasedCache;
}

/** The file an entry of this cache lives in. */
function fileOf(cache: FileBasedCache, key: string): string {
  return join(cache.directory, createHash('md5').update(cache.makeKey(key)).digest('hex') + '.djcache');
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

describeCacheContract('file', { make: (overrides) => make(overrides, join(root, 'contract')) });

describe('FileBasedCache on disk', () => {
  let cache: FileBasedCache;
  beforeEach(() => {
    cache = make();
  });

  it('makes its directory (mode 0o700) on the first write, not when built', async () => {
    const nested = make({}, join(root, `deep${++counter}`, 'a', 'b'));
    expect(await exists(nested.directory)).toBe(false);
    expect(await nested.get('k')).toBeUndefined();
    await nested.set('k', 1);
    expect((await stat(nested.directory)).mode & 0o777).toBe(0o700);
    expect((await stat(fileOf(nested, 'k'))).mode & 0o777).toBe(0o600);
  });

  it('makes the directory again when it was removed meanwhile', async () => {
    await cache.set('k', 1);
    await rm(cache.directory, { recursive: true });
    await cache.set('k', 2);
    expect(await cache.get('k')).toBe(2);
  });

  it('stores one file per key, named by the md5 of the key and .djcache', async () => {
    await cache.set('one', 'v');
    expect(await readdir(cache.directory)).toEqual([createHash('md5').update(cache.makeKey('one')).digest('hex') + '.djcache']);
  });

  for (const [label, content] of [
    ['random bytes', randomBytes(300)],
    ['an empty file', Buffer.alloc(0)],
    ['a header with no body', Buffer.from('canter-cache 1 never 5 0123456789abcdef0123456789abcdef\n')],
  ] as const) {
    it(`reads ${label} as a miss and removes the file`, async () => {
      await cache.set('k', 'good');
      await writeFile(fileOf(cache, 'k'), content);
      expect(await cache.get('k', 'miss')).toBe('miss');
      expect(await exists(fileOf(cache, 'k'))).toBe(false);
      expect(await cache.add('k', 'again')).toBe(true);
      expect(await cache.get('k')).toBe('again');
    });
  }

  it('reads a truncated file, or one with a flipped byte, as a miss', async () => {
    await cache.set('k', 'x'.repeat(1000));
    const whole = await readFile(fileOf(cache, 'k'));
    await writeFile(fileOf(cache, 'k'), whole.subarray(0, whole.length - 10));
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 'y'.repeat(1000));
    const flipped = Buffer.from(await readFile(fileOf(cache, 'k')));
    flipped[flipped.length - 1] = 'z'.charCodeAt(0);
    await writeFile(fileOf(cache, 'k'), flipped);
    expect(await cache.has('k')).toBe(false);
  });

  it('removes an expired file when it is read', async () => {
    await cache.set('short', 'v', 0.05);
    await new Promise((r) => setTimeout(r, 80));
    expect(await exists(fileOf(cache, 'short'))).toBe(true);
    expect(await cache.get('short')).toBeUndefined();
    expect(await exists(fileOf(cache, 'short'))).toBe(false);
  });

  it('a write interrupted before its rename leaves the old value readable', async () => {
    await cache.set('k', 'old');
    const full = await readFile(fileOf(cache, 'k'));
    // What a crash mid-write leaves: half a temp file, never renamed over the entry.
    await writeFile(join(cache.directory, '.canter-0123456789abcdef01234567.tmp'), full.subarray(0, full.length >> 1));
    expect(await cache.get('k')).toBe('old');
  });

  it('ignores a leftover temp file: never read as an entry, not counted, removed by clear() once stale', async () => {
    await cache.set('k', 'v');
    const entry = await readFile(fileOf(cache, 'k'));
    const leftover = join(cache.directory, '.canter-ffffffffffffffffffffffff.tmp');
    await writeFile(leftover, entry);
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
    await cache.clear();
    expect(await exists(leftover)).toBe(true);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(leftover, old, old);
    await cache.clear();
    expect(await exists(leftover)).toBe(false);
  });

  it('clear() removes only its own .djcache files', async () => {
    await cache.set('a', 1);
    await cache.set('b', 2);
    await writeFile(join(cache.directory, 'notes.txt'), 'keep me');
    await mkdir(join(cache.directory, 'sub'));
    await cache.clear();
    expect((await readdir(cache.directory)).sort()).toEqual(['notes.txt', 'sub']);
  });

  it('clear() of a directory that does not exist yet does nothing', async () => {
    await expect(make({}, join(root, 'never-made', 'x')).clear()).resolves.toBeUndefined();
  });

  it('keeps a key with path characters inside its directory', async () => {
    const outer = join(root, `jail${++counter}`);
    const jailed = make({}, join(outer, 'cache'));
    for (const key of ['../../etc/passwd', '../escape', '/abs/path', 'a\\..\\b', '..', '.']) {
      await jailed.set(key, key);
      expect(await jailed.get(key)).toBe(key);
    }
    expect(await readdir(outer)).toEqual(['cache']);
    const names = await readdir(jailed.directory);
    expect(names).toHaveLength(6);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{32}\.djcache$/);
  });

  it('concurrent sets of one key leave one whole value and no temp files', async () => {
    const values = Array.from({ length: 64 }, (_, i) => ({ writer: i, payload: String(i).repeat(5000) }));
    await Promise.all(values.map((value) => cache.set('contended', value)));
    const got = await cache.get<{ writer: number; payload: string }>('contended');
    expect(got).toBeDefined();
    expect(got?.payload).toBe(String(got?.writer).repeat(5000));
    expect(await readdir(cache.directory)).toHaveLength(1);
  });

  it('concurrent adds of one key: exactly one stores', async () => {
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) => cache.add('once', i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await cache.get('once')).toBe(results.indexOf(true));
    expect(await readdir(cache.directory)).toHaveLength(1);
  });

  it('add replaces an expired entry', async () => {
    await cache.set('k', 'old', 0.05);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.add('k', 'new')).toBe(true);
    expect(await cache.get('k')).toBe('new');
  });

  it('delete and touch of an expired entry say false', async () => {
    await cache.set('k', 'v', 0.05);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.touch('k', 60)).toBe(false);
    await cache.set('j', 'v', 0.05);
    await new Promise((r) => setTimeout(r, 80));
    expect(await cache.delete('j')).toBe(false);
  });

  it('culls to below MAX_ENTRIES files before a write, and empties with CULL_FREQUENCY 0', async () => {
    const small = make({ OPTIONS: { MAX_ENTRIES: 10, CULL_FREQUENCY: 2 } });
    for (let i = 0; i < 25; i++) {
      await small.set(`k${i}`, i);
      expect((await readdir(small.directory)).length).toBeLessThanOrEqual(10);
    }
    expect(await small.get('k24')).toBe(24);
    const emptying = make({ OPTIONS: { MAX_ENTRIES: 5, CULL_FREQUENCY: 0 } });
    for (let i = 0; i < 6; i++) await emptying.set(`k${i}`, i);
    expect(await readdir(emptying.directory)).toEqual([fileOf(emptying, 'k5').split('/').pop()]);
  });

  it('refuses a LOCATION that is not one directory, naming the alias', () => {
    expect(() => createCache('files', { BACKEND: FileBasedCache })).toThrow(InvalidCacheBackendError);
    expect(() => createCache('files', { BACKEND: FileBasedCache, LOCATION: '/tmp/a,b' })).toThrow(/CACHES\['files'\]\.LOCATION.*exactly one directory/);
    expect(make({}, ['/tmp/a,b'] as unknown as string).directory).toBe('/tmp/a,b');
  });
});
