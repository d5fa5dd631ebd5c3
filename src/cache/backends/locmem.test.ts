import { describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../testing/contracts/cache.js';
import { createCache } from '../registry.js';

let n = 0;
describeCacheContract('locmem', {
  make: (overrides) => createCache('locmem-contract', { BACKEND: 'locmem', LOCATION: `contract-${overrides?.KEY_PREFIX ?? ''}-${JSON.stringify(overrides?.OPTIONS ?? {})}`, ...overrides }),
});

describe('LocMemCache', () => {
  it('shares one store between caches naming the same LOCATION', async () => {
    const name = `shared-${++n}`;
    const a = createCache('a', { BACKEND: 'locmem', LOCATION: name });
    const b = createCache('b', { BACKEND: 'django.core.cache.backends.locmem.LocMemCache', LOCATION: name });
    await a.set('k', 'from a');
    expect(await b.get('k')).toBe('from a');
    const c = createCache('c', { BACKEND: 'locmem', LOCATION: `other-${n}` });
    expect(await c.get('k')).toBeUndefined();
  });

  it('culls the least recently used entries first', async () => {
    const cache = createCache('lru', { BACKEND: 'locmem', LOCATION: `lru-${++n}`, OPTIONS: { MAX_ENTRIES: 9, CULL_FREQUENCY: 3 } });
    for (let i = 0; i < 9; i++) await cache.set(`k${i}`, i);
    await cache.get('k0'); // now the most recently used
    await cache.set('k9', 9); // full: culls 3 of the least recently used (k1, k2, k3)
    const present = Object.keys(await cache.getMany(Array.from({ length: 10 }, (_, i) => `k${i}`)));
    expect(present.sort()).toStrictEqual(['k0', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('keeps the remaining lifetime of an entry across incr', async () => {
    const cache = createCache('incr-ttl', { BACKEND: 'locmem', LOCATION: `ttl-${++n}` });
    await cache.set('n', 1, 0.2);
    expect(await cache.incr('n')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await cache.get('n')).toBeUndefined();
  });
});
