import { beforeEach, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { getCookieSigner } from './cookie-signer.js';
import { BadSignature } from './errors.js';
import { useSettings } from './settings.test-helper.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timestamp-signer.js';

beforeEach(() => {
  useSettings({ SECRET_KEY: 's3cret' });
});

describe('getCookieSigner', () => {
  it('is a TimestampSigner keyed with "django.http.cookies" + SECRET_KEY', () => {
    const signer = getCookieSigner('cart');
    expect(signer).toBeInstanceOf(TimestampSigner);
    const signed = signer.sign('apples');
    expect(new TimestampSigner({ key: 'django.http.cookiess3cret', salt: 'cart' }).unsign(signed)).toBe('apples');
    expect(() => new TimestampSigner({ salt: 'cart' }).unsign(signed)).toThrow(BadSignature);
  });

  // set_signed_cookie('cart', 'apples') in Django 3.2 with SECRET_KEY 's3cret' at 1700000000.
  it("verifies Django's signed cookie", () => {
    expect(getCookieSigner('cart' + '').unsign('apples:1r31eq:T_A76CPOj_KG0cTqb7I_FYsHF_isCWVzvDnkbgGGblQ')).toBe('apples');
  });

  it('uses name + salt as the salt, so another cookie name or salt does not verify', () => {
    const signed = getCookieSigner('cart' + 'v2').sign('apples');
    expect(getCookieSigner('cartv2').unsign(signed)).toBe('apples');
    expect(() => getCookieSigner('cart').unsign(signed)).toThrow(BadSignature);
    expect(() => getCookieSigner('basket' + 'v2').unsign(signed)).toThrow(BadSignature);
  });

  it("defaults the salt to Django's", () => {
    const signed = getCookieSigner().sign('x');
    expect(new TimestampSigner({ key: 'django.http.cookiess3cret', salt: 'django.core.signing.get_cookie_signer' }).unsign(signed)).toBe('x');
  });

  it('accepts cookies signed under a SECRET_KEY_FALLBACKS key, with the same prefix', () => {
    useSettings({ SECRET_KEY: 'old' });
    const signed = getCookieSigner('cart').sign('apples');
    useSettings({ SECRET_KEY: 'new', SECRET_KEY_FALLBACKS: ['old'] });
    expect(getCookieSigner('cart').unsign(signed)).toBe('apples');
    useSettings({ SECRET_KEY: 'new' });
    expect(() => getCookieSigner('cart').unsign(signed)).toThrow(BadSignature);
  });

  it('honours maxAge', () => {
    const signed = new TimestampSigner({ key: 'django.http.cookiess3cret', salt: 'cart', clock: () => 0 }).sign('a');
    expect(() => getCookieSigner('cart').unsign(signed, 60)).toThrow(/Signature age/);
  });

  it("uses a plain Signer when SIGNING_BACKEND is 'Signer', and refuses maxAge then", () => {
    useSettings({ SECRET_KEY: 's3cret', SIGNING_BACKEND: 'django.core.signing.Signer' });
    const signer = getCookieSigner('cart');
    const signed = signer.sign('apples');
    expect(new Signer({ key: 'django.http.cookiess3cret', salt: 'cart' }).unsign(signed)).toBe('apples');
    expect(signer.unsign(signed)).toBe('apples');
    expect(() => signer.unsign(signed, 60)).toThrow(/maxAge needs SIGNING_BACKEND/);
  });

  it('names SIGNING_BACKEND and the allowed values when it is unknown', () => {
    useSettings({ SECRET_KEY: 's3cret', SIGNING_BACKEND: 'myapp.MySigner' });
    expect(() => getCookieSigner('cart')).toThrow(ImproperlyConfigured);
    expect(() => getCookieSigner('cart')).toThrow(/SIGNING_BACKEND is "myapp.MySigner"; it must be 'TimestampSigner'/);
  });
});
