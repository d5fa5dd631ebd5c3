import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { HttpResponse } from '../http/response.js';
import { RequestFactory } from '../testing/request-factory.js';
import {
  generateCacheHeaderKey,
  generateCacheKey,
  getCacheKey,
  headerListOf,
  learnCacheKey,
  makeTemplateFragmentKey,
  varyDigest,
} from './page-keys.js';
import { caches } from './registry.js';

beforeAll(() => {
  configureSettings(defineSettings({
    SECRET_KEY: 'k',
    ALLOWED_HOSTS: ['www.example.com', 'www.example2.com'],
    CACHES: { default: { BACKEND: 'locmem', LOCATION: 'page-keys-test' } },
    CACHE_MIDDLEWARE_KEY_PREFIX: 'settingsprefix',
  }));
});

afterEach(async () => {
  await caches.get().clear();
});

const factory = new RequestFactory({ headers: { host: 'www.example.com' } });
const PATH = '/cache/test/';
const NOTHING = 'd41d8cd98f00b204e9800998ecf8427e';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('learnCacheKey and getCacheKey', () => {
  it("spell the keys as Django does (Django's own expected values)", async () => {
    const request = factory.get(PATH);
    expect(await getCacheKey(request)).toBeNull();
    const learned = await learnCacheKey(request, new HttpResponse(''));
    const expected = `views.decorators.cache.cache_page.settingsprefix.GET.18a03f9c9649f7d684af5db3524f5c99.${NOTHING}`;
    expect(learned).toBe(expected);
    expect(await getCacheKey(request)).toBe(expected);
    expect(await getCacheKey(request, { keyPrefix: 'other' })).toBeNull();
    expect(await getCacheKey(request, { method: 'HEAD' })).toBe(expected.replace('.GET.', '.HEAD.'));
  });

  it('put the query string in the key', async () => {
    const request = factory.get(PATH, { test: 1 });
    const response = new HttpResponse('');
    response.headers.set('Vary', 'Accept-Encoding'); // not sent, so it adds nothing
    await learnCacheKey(request, response);
    expect(await getCacheKey(request)).toBe(
      `views.decorators.cache.cache_page.settingsprefix.GET.beaf87a9a99ee81c673ea2d67ccbec2a.${NOTHING}`,
    );
  });

  it('give other hosts and schemes other keys', async () => {
    const one = await learnCacheKey(factory.get(PATH), new HttpResponse(''));
    const otherHost = await learnCacheKey(factory.get(PATH, undefined, { headers: { host: 'www.example2.com' } }), new HttpResponse(''));
    const secure = await learnCacheKey(factory.get(PATH, undefined, { secure: true }), new HttpResponse(''));
    expect(new Set([one, otherHost, secure]).size).toBe(3);
    expect(secure).toContain('.eda86a7610108f51d7c877af693d4a81.');
  });

  it('learn the Vary headers as sorted META names, and key on their values', async () => {
    const response = new HttpResponse('');
    response.headers.set('Vary', 'Accept-Language, cookie');
    expect(headerListOf(response)).toEqual(['HTTP_ACCEPT_LANGUAGE', 'HTTP_COOKIE']);
    const fr = factory.get(PATH, undefined, { headers: { 'Accept-Language': 'fr' } });
    const en = factory.get(PATH, undefined, { headers: { 'Accept-Language': 'en' } });
    const frKey = await learnCacheKey(fr, response);
    expect(frKey.endsWith(`.${md5('fr')}`)).toBe(true); // no Cookie sent: only 'fr' is hashed
    expect(frKey).toBe(generateCacheKey(fr, 'GET', ['HTTP_ACCEPT_LANGUAGE', 'HTTP_COOKIE'], 'settingsprefix'));
    expect(await getCacheKey(en)).not.toBe(frKey);
    expect(await getCacheKey(factory.get(PATH, undefined, { headers: { 'Accept-Language': 'fr' } }))).toBe(frKey);
    expect(await caches.get().get(generateCacheHeaderKey('settingsprefix', fr))).toEqual(['HTTP_ACCEPT_LANGUAGE', 'HTTP_COOKIE']);
  });

  it('hash the values one after the other, as Django feeds them to md5', () => {
    const request = factory.get(PATH, undefined, { headers: { 'Accept-Language': 'en-us', Cookie: 'a=b' } });
    // md5('en-us') is Django's digest for a page varying on Accept-Language only.
    expect(varyDigest(request, ['HTTP_ACCEPT_LANGUAGE'])).toBe('40d704470259297f93bee626c12b71fb');
    expect(varyDigest(request, ['HTTP_X_ABSENT'])).toBe(NOTHING);
    expect(varyDigest(request, [])).toBe(NOTHING);
  });

  it('use the cache and prefix given', async () => {
    const request = factory.get(PATH);
    const cache = caches.get();
    const key = await learnCacheKey(request, new HttpResponse(''), { keyPrefix: 'p2', cache, cacheTimeout: 5 });
    expect(key.startsWith('views.decorators.cache.cache_page.p2.GET.')).toBe(true);
    expect(await getCacheKey(request, { keyPrefix: 'p2', cache })).toBe(key);
  });
});

describe('makeTemplateFragmentKey', () => {
  // Django's tests/cache/tests.py TestMakeTemplateFragmentKey.
  it.each<[string, unknown[] | undefined, string]>([
    ['a.fragment', undefined, 'template.cache.a.fragment.d41d8cd98f00b204e9800998ecf8427e'],
    ['foo', ['abc'], 'template.cache.foo.493e283d571a73056196f1a68efd0f66'],
    ['bar', ['abc', 'def'], 'template.cache.bar.17c1a507a0cb58384f4c639067a93520'],
    ['spam', ['abc:def%'], 'template.cache.spam.06c8ae8e8c430b69fb0a6443504153dc'],
    ['foo', [1, 2, 3, 4, 5], 'template.cache.foo.7ae8fd2e0d25d651c683bdeebdb29461'],
    ['foo', ['42º', '😀'], 'template.cache.foo.7ced1c94e543668590ba39b3c08b0237'],
    ['foo', ['x'.repeat(10000)], 'template.cache.foo.3670b349b5124aa56bdb50678b02b23a'],
  ])('%s varying on %j', (name, varyOn, expected) => {
    expect(makeTemplateFragmentKey(name, varyOn)).toBe(expected);
  });

  it("writes booleans and null as Python's str() does", () => {
    expect(makeTemplateFragmentKey('f', [true, null])).toBe(makeTemplateFragmentKey('f', ['True', 'None']));
  });
});
