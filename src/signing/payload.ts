/**
 * The text an object is signed as: serializer bytes, zlib-compressed when asked and when that is
 * shorter, then URL-safe base64, with a leading '.' marking compression (Django's sign_object).
 * The '.' is inside the signed text, so nobody without the key can make us inflate their bytes.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { b64Decode, b64Encode } from './base64.js';
import { BadSignature } from './errors.js';
import type { Serializer } from './json-serializer.js';

/**
 * The base64 text for an object, ready to be signed.
 *
 * @example
 * encodePayload('hello', JSONSerializer); // 'ImhlbGxvIg'
 */
export function encodePayload(value: unknown, serializer: Serializer, compress = false): string {
  const data = serializer.dumps(value);
  if (compress) {
    const compressed = deflateSync(data);
    // Django's rule: compress only when it saves at least two bytes.
    if (compressed.length < data.length - 1) return `.${b64Encode(compressed)}`;
  }
  return b64Encode(data);
}

/**
 * The object back from verified base64 text. The signature was good, so a failure here means
 * the signer's key produced a payload we cannot read (another serializer, a bug); it is still
 * reported as BadSignature, with the cause attached, so callers handle one error for "unusable".
 *
 * @example
 * decodePayload('ImhlbGxvIg', JSONSerializer); // 'hello'
 */
export function decodePayload(text: string, serializer: Serializer): unknown {
  const compressed = text.startsWith('.');
  let stage = 'base64';
  try {
    let data: Uint8Array = b64Decode(compressed ? text.slice(1) : text);
    stage = 'zlib';
    if (compressed) data = inflateSync(data);
    stage = 'serialized';
    return serializer.loads(data);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadSignature(`The signed value verified but its ${stage} payload could not be decoded: ${reason}`, {
      cause: error,
    });
  }
}
