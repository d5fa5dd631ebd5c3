import { beforeAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { Resolver404, getResolver, isValidPath, path, resolve, reverse } from './index.js';
import type { UrlConf, View } from './types.js';

const view: View = () => null as never;
const root: UrlConf = { urlpatterns: [path('articles/<int:year>/', view, { name: 'archive' }), path('about/', view, { name: 'about' })] };
const other: UrlConf = { urlpatterns: [path('other/', view, { name: 'about' })] };

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k', ROOT_URLCONF: root }));
});

describe('module-level resolve(), reverse(), isValidPath()', () => {
  it('use ROOT_URLCONF by default', () => {
    expect(resolve('/articles/2024/').kwargs).toEqual({ year: 2024 });
    expect(reverse('archive', { kwargs: { year: 2024 } })).toBe('/articles/2024/');
    expect(reverse('about')).toBe('/about/');
    expect(isValidPath('/about/')).toBe(true);
    expect(isValidPath('/about')).toBe(false);
    expect(() => resolve('/nope/')).toThrow(Resolver404);
  });

  it('take another URLconf when given', () => {
    expect(reverse('about', { urlconf: other })).toBe('/other/');
    expect(resolve('/other/', other).urlName).toBe('about');
    expect(isValidPath('/about/', other)).toBe(false);
  });

  it('compile one resolver per URLconf object and reuse it', () => {
    expect(getResolver()).toBe(getResolver(root));
    expect(getResolver(other)).toBe(getResolver(other));
    expect(getResolver(other)).not.toBe(getResolver(root));
  });

  it('follow ROOT_URLCONF when settings are overridden', () => {
    overrideSettings({ ROOT_URLCONF: other }, () => {
      expect(reverse('about')).toBe('/other/');
    });
    expect(reverse('about')).toBe('/about/');
  });

  it('say so when ROOT_URLCONF is not set', () => {
    overrideSettings({ ROOT_URLCONF: null }, () => {
      expect(() => resolve('/')).toThrow(ImproperlyConfigured);
      expect(() => resolve('/')).toThrow(/ROOT_URLCONF is not set/);
    });
  });
});
