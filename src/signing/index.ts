/**
 * Signing, compatible with Django's django.core.signing: values and objects signed here verify in
 * Django (3.2–5.x) with the same SECRET_KEY and salt, and Django's verify here.
 *
 * @example
 * import { dumps, loads, Signer } from 'canter/signing';
 * const token = dumps({ user: 42 }, { salt: 'unsubscribe' });
 * loads(token, { salt: 'unsubscribe', maxAge: 86_400 });
 */
export { BadSignature, SignatureExpired, InvalidAlgorithm } from './errors.js';
export { b64Encode, b64Decode } from './base64.js';
export { b62Encode, b62Decode } from './base62.js';
export { saltedHmac } from './salted-hmac.js';
export type { HashAlgorithm, Secret } from './salted-hmac.js';
export { constantTimeCompare } from './constant-time.js';
export { JSONSerializer } from './json-serializer.js';
export type { Serializer } from './json-serializer.js';
export { Signer } from './signer.js';
export type { SignerOptions, SignObjectOptions, UnsignObjectOptions } from './signer.js';
export { TimestampSigner } from './timestamp-signer.js';
export type { TimestampSignerOptions, UnsignTimestampedOptions } from './timestamp-signer.js';
export { dumps, loads, DEFAULT_DUMPS_SALT } from './dumps.js';
export type { DumpsOptions, LoadsOptions } from './dumps.js';
export { getCookieSigner } from './cookie-signer.js';
export type { CookieSigner } from './cookie-signer.js';
export { randomString, RANDOM_STRING_CHARS } from './random-string.js';
