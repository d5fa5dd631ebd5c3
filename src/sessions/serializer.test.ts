import { beforeAll, describe, expect, it } from 'vitest';
import { caches } from '../cache/registry.js';
import { ImproperlyConfigured } from '../conf/errors.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { JSONSerializer, type Serializer } from '../signing/json-serializer.js';
import { DbSessionStore } from './backends/db.js';
import { SignedCookieSessionStore } from './backends/signed-cookies.js';
import { sessionSerializer } from './serializer.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'serializer-tests', CACHES: { default: { BACKEND: 'locmem', LOCATION: 'serializer-tests' } } }));
});

describe('SESSION_SERIALIZER', () => {
  it("takes 'json' and Django's two JSONSerializer paths", () => {
    for (const name of ['json', 'django.contrib.sessions.serializers.JSONSerializer', 'django.core.signing.JSONSerializer']) {
      expect(sessionSerializer(name)).toBe(JSONSerializer);
    }
  });

  it('refuses pickle with the reason, and anything else naming the setting', () => {
    expect(() => sessionSerializer('django.contrib.sessions.serializers.PickleSerializer')).toThrow(/SESSION_SERIALIZER .*Pickle is not supported/);
    expect(() => sessionSerializer('yaml')).toThrow(ImproperlyConfigured);
    expect(() => sessionSerializer({ dumps: () => new Uint8Array() })).toThrow(/dumps\(\) and loads\(\)/);
  });

  it('an object with dumps/loads is used to encode and decode the session', async () => {
    let used = 0;
    const counting: Serializer = {
      dumps: (value) => { used++; return JSONSerializer.dumps(value); },
      loads: (data) => { used++; return JSONSerializer.loads(data); },
    };
    const restore = overrideSettings({ SESSION_SERIALIZER: counting });
    try {
      const store = new SignedCookieSessionStore();
      await store.load();
      store.set('k', 'v');
      await store.save();
      const again = await new SignedCookieSessionStore(store.sessionKey).load();
      expect(again.get('k')).toBe('v');
      expect(used).toBeGreaterThanOrEqual(2);
      expect(new DbSessionStore().decode(new DbSessionStore().encode({ a: 1 }))).toEqual({ a: 1 });
    } finally {
      restore();
      await caches.closeAll();
    }
  });
});
