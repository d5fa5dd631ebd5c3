import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, overrideSettings, settingsConfigured } from '../conf/settings/index.js';
import { BaseCache } from './base.js';
import { DummyCache } from './backends/dummy.js';
import { LocMemCache } from './backends/locmem.js';
import { checkCaches } from './checks.js';
import { cache } from './default-cache.js';
import { InvalidCacheBackendError } from './errors.js';
import { caches, createCache } from './registry.js';

class NullCache extends BaseCache {
  protected getRaw(): string | undefined {
    return undefined;
  }
  protected setRaw(): void {}
  protected addRaw(): boolean {
    return false;
  }
  protected touchRaw(): boolean {
    return false;
  }
  protected deleteRaw(): boolean {
    return false;
  }
  async clear(): Promise<void> {}
}

describe('caches', () => {
  let restore: () => void;
  beforeAll(() => {
    if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'cache-registry-test' });
    restore = overrideSettings({
      CACHES: { default: { BACKEND: 'locmem', LOCATION: 'registry-default' }, nothing: { BACKEND: 'django.core.cache.backends.dummy.DummyCache' }, custom: { BACKEND: NullCache } },
    });
  });
  afterAll(async () => {
    await caches.closeAll();
    restore();
  });

  it('builds each alias once, by short name, class path or class', () => {
    expect(caches.get()).toBeInstanceOf(LocMemCache);
    expect(caches.get('default')).toBe(caches.get());
    expect(caches.get('nothing')).toBeInstanceOf(DummyCache);
    expect(caches.get('custom')).toBeInstanceOf(NullCache);
    expect(caches.all()).toHaveLength(3);
  });

  it('names the configured aliases when asked for an unknown one', () => {
    expect(() => caches.get('sessions')).toThrow("The cache alias 'sessions' is not in CACHES; it has 'default', 'nothing', 'custom'.");
  });

  it('the default `cache` follows overrideSettings of CACHES', async () => {
    await cache.set('where', 'outer');
    await overrideSettings({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'registry-inner' } } }, async () => {
      expect(await cache.get('where')).toBeUndefined();
      await cache.set('where', 'inner');
    });
    expect(await cache.get('where')).toBe('outer');
    expect(cache.defaultTimeout).toBe(300);
  });

  it('refuses an unknown backend, naming the valid ones', () => {
    expect(() => createCache('bad', { BACKEND: 'django.core.cache.backends.mongo.MongoCache' })).toThrow(
      /CACHES\['bad'\]\.BACKEND is "django.core.cache.backends.mongo.MongoCache"; it must be one of 'dummy', 'locmem'/,
    );
  });

  it('the start-up check fails on a malformed entry', () => {
    overrideSettings({ CACHES: { default: { BACKEND: 'locmem', TIMEOUT: 'soon' } } }, () => {
      expect(() => checkCaches()).toThrow(InvalidCacheBackendError);
    });
  });
});

describe('DummyCache', () => {
  it('caches nothing', async () => {
    const dummy = createCache('dummy', { BACKEND: 'dummy' });
    await dummy.set('k', 1);
    expect(await dummy.get('k')).toBeUndefined();
    expect(await dummy.get('k', 'default')).toBe('default');
    expect(await dummy.add('k', 1)).toBe(true);
    expect(await dummy.has('k')).toBe(false);
    expect(await dummy.getOrSet('k', () => 'computed')).toBe('computed');
    expect({ ...(await dummy.getMany(['k'])) }).toStrictEqual({});
    expect(await dummy.delete('k')).toBe(false);
    expect(await dummy.touch('k')).toBe(false);
    await expect(dummy.incr('k')).rejects.toThrow("Key 'k' not found");
  });
});

describe('a stored value Canter did not write', () => {
  class ForeignCache extends NullCache {
    protected override getRaw(): string {
      return '\u0080\u0004pickled by someone else';
    }
  }

  it('reads as a miss, not an error', async () => {
    const foreign = createCache('foreign', { BACKEND: ForeignCache });
    expect(await foreign.get('k')).toBeUndefined();
    expect(await foreign.get('k', 'default')).toBe('default');
    expect({ ...(await foreign.getMany(['k'])) }).toStrictEqual({});
    expect(await foreign.getOrSet('k', 'computed')).toBe('computed');
  });
});
