/** Django's get_cookie_signer(): the signer behind signed cookies. */
import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { secretKeySetting } from './salted-hmac.js';
import type { Secret } from './salted-hmac.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timestamp-signer.js';

/** What the HTTP layer needs from a cookie signer. */
export interface CookieSigner {
  sign(value: string): string;
  /** `maxAge` in seconds; only a timestamp signer can honour it. */
  unsign(signedValue: string, maxAge?: number): string;
}

const KEY_PREFIX = 'django.http.cookies';

/**
 * The signer for signed cookies, of the class SIGNING_BACKEND names ('TimestampSigner' by
 * default). Its key is 'django.http.cookies' + SECRET_KEY, its fallback keys the same prefix on
 * each of SECRET_KEY_FALLBACKS, so cookie signatures are never valid as other signatures.
 *
 * The salt is composed by the caller, exactly as Django's HttpRequest.get_signed_cookie and
 * HttpResponse.set_signed_cookie do: the cookie's name followed by the caller's salt (default
 * ''), with no separator. `request.getSignedCookie('cart', { salt: 'v2' })` therefore verifies
 * with salt 'cartv2', and its signature is computed over the key salt 'cartv2signer'.
 *
 * @example
 * getCookieSigner(name + salt).sign(value);            // setSignedCookie
 * getCookieSigner(name + salt).unsign(cookie, maxAge); // getSignedCookie
 */
export function getCookieSigner(salt = 'django.core.signing.get_cookie_signer'): CookieSigner {
  const { SIGNING_BACKEND, SECRET_KEY_FALLBACKS } = getSettings();
  const key = cookieKey(secretKeySetting());
  const fallbackKeys = SECRET_KEY_FALLBACKS.map(cookieKey);
  switch (SIGNING_BACKEND) {
    case 'TimestampSigner':
    case 'django.core.signing.TimestampSigner':
      return new TimestampSigner({ key, salt, fallbackKeys });
    case 'Signer':
    case 'django.core.signing.Signer':
      return plainCookieSigner(new Signer({ key, salt, fallbackKeys }));
    default:
      throw new ImproperlyConfigured(
        `SIGNING_BACKEND is ${JSON.stringify(SIGNING_BACKEND)}; it must be 'TimestampSigner' (the default) or 'Signer'.`,
      );
  }
}

function cookieKey(secret: string): Secret {
  return KEY_PREFIX + secret;
}

// Django raises TypeError when max_age reaches a plain Signer; ignoring it instead would let a
// cookie the caller wanted expired pass, so refuse it here too.
function plainCookieSigner(signer: Signer): CookieSigner {
  return {
    sign: (value) => signer.sign(value),
    unsign: (signedValue, maxAge) => {
      if (maxAge !== undefined) {
        throw new TypeError('maxAge needs SIGNING_BACKEND = "TimestampSigner"; a plain Signer cannot tell a cookie\'s age');
      }
      return signer.unsign(signedValue);
    },
  };
}
