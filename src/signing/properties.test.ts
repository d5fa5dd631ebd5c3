import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { b64Decode, b64Encode } from './base64.js';
import { dumps, loads } from './dumps.js';
import { BadSignature, SignatureExpired } from './errors.js';
import { JSONSerializer } from './json-serializer.js';
import { useSettings } from './settings.test-helper.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timestamp-signer.js';

beforeEach(() => {
  useSettings({ SECRET_KEY: 'property-key' });
});

const anyText = fc.string({ unit: 'binary' });
const safeSep = fc.constantFrom(':', '/', '.', '!', '~', '|', '::', '\u00b7');
/** Text with separators mixed in, so values that contain the separator are common. */
const textWithSeps = fc.array(fc.oneof(anyText, fc.constantFrom(':', '/', '.', '::')), { maxLength: 6 }).map((parts) => parts.join(''));
const json = fc.jsonValue({ maxDepth: 4 });
/** What JSON itself round-trips a value to (it writes -0 as 0); the most any JSON codec can keep. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('signing properties', () => {
  it('unsign(sign(value)) is value, for any text and separator', () => {
    fc.assert(
      fc.property(textWithSeps, safeSep, fc.string(), (value, sep, salt) => {
        const signer = new Signer({ sep, salt });
        expect(signer.unsign(signer.sign(value))).toBe(value);
      }),
    );
  });

  it('any single-character change to a signed value is rejected', () => {
    const replacement = fc.constantFrom('A', 'z', '0', '-', '_', ':', '.', 'é', '🐎', '\u0000');
    fc.assert(
      fc.property(textWithSeps, fc.nat(), replacement, (value, where, char) => {
        const signer = new Signer();
        const signed = signer.sign(value);
        const units = [...signed]; // code points, so a surrogate pair changes as one character
        const i = where % units.length;
        fc.pre(units[i] !== char);
        units[i] = char;
        expect(() => signer.unsign(units.join(''))).toThrow(BadSignature);
      }),
    );
  });

  it('a value signed under one key or salt never verifies under another', () => {
    fc.assert(
      fc.property(anyText, fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (value, a, b) => {
        fc.pre(a !== b);
        expect(() => new Signer({ key: b }).unsign(new Signer({ key: a }).sign(value))).toThrow(BadSignature);
        expect(() => new Signer({ salt: b }).unsign(new Signer({ salt: a }).sign(value))).toThrow(BadSignature);
      }),
    );
  });

  it('loads(dumps(value)) equals value for any JSON value, compressed or not', () => {
    fc.assert(
      fc.property(json, fc.boolean(), fc.string(), (value, compress, salt) => {
        expect(loads(dumps(value, { compress, salt }), { salt })).toEqual(viaJson(value));
      }),
    );
  });

  it('a TimestampSigner accepts exactly the signatures no older than maxAge', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), fc.nat(10_000), fc.nat(10_000), (signedAt, elapsed, maxAge) => {
        const clock = { ms: signedAt * 1000 };
        const signer = new TimestampSigner({ clock: () => clock.ms });
        const signed = signer.sign('v');
        clock.ms += elapsed * 1000;
        if (elapsed <= maxAge) expect(signer.unsign(signed, maxAge)).toBe('v');
        else expect(() => signer.unsign(signed, maxAge)).toThrow(SignatureExpired);
      }),
    );
  });

  it('JSONSerializer writes only printable ASCII that JSON.parse reads back to the same value', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = Buffer.from(JSONSerializer.dumps(value)).toString('latin1');
        expect(text).toMatch(/^[ -~]*$/);
        expect(JSON.parse(text)).toEqual(viaJson(value));
      }),
    );
  });

  it('b64Decode(b64Encode(bytes)) is bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(new Uint8Array(b64Decode(b64Encode(bytes)))).toEqual(bytes);
      }),
    );
  });
});
