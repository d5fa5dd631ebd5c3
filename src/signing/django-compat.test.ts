/**
 * Canter against real Django (Debian's python3-django under /usr/bin/python3): what one signs,
 * the other verifies, and where Django's output is deterministic the bytes are the same.
 */
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCookieSigner } from './cookie-signer.js';
import { ok, probeDjango, runDjango } from './django.test-helper.js';
import type { DjangoOp } from './django.test-helper.js';
import { dumps, loads } from './dumps.js';
import { BadSignature, SignatureExpired } from './errors.js';
import { JSONSerializer } from './json-serializer.js';
import { saltedHmac } from './salted-hmac.js';
import type { HashAlgorithm } from './salted-hmac.js';
import { useSettings } from './settings.test-helper.js';
import { Signer } from './signer.js';
import { TimestampSigner } from './timestamp-signer.js';

const django = probeDjango();
const required = process.env.CI === 'true';
const skip = !django.ok && !required;
if (skip) {
  console.warn(`Skipping the Django compatibility tests: python3-django is missing (${django.ok ? '' : django.reason}); apt-get install python3-django`);
}

const SECRET = 'sécret-key-🐎';
const NOW = 1_700_000_123;
const clockAt = (seconds: number) => (): number => seconds * 1000;

/** Deterministic samples, so a failure reproduces. */
const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number): T[] => fc.sample(arb, { numRuns, seed: 20240601 });
const texts = [
  '', 'hello', 'a:b:c', 'trailing:', 'é', '日本語', '🐎 horse', 'tab\tnew\nline', '"quotes" \\ back', '\u0000\u007f',
  ...sample(fc.string({ unit: 'binary', maxLength: 40 }), 40),
];
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)); // -0 becomes 0
const jsonText = (value: unknown): string => Buffer.from(JSONSerializer.dumps(value)).toString('latin1');
const jsonValues: unknown[] = [
  'hello', 0, -1, 0.5, 1e-5, 1.5e-7, 2 ** 53, 1e16, 2 ** 60, 1e300, 5e-324, 0.1 + 0.2, -123.456, true, false, null,
  [], {}, { user: 42, roles: ['a', 'b'] }, 'ü\u2028😀\u0000\u001f"\\/', { 'clé': [1, { x: null }] },
  ...sample(fc.jsonValue({ maxDepth: 3 }), 60),
];

describe.skipIf(skip)(`Django compatibility (${django.ok ? `Django ${django.version}` : 'python3-django missing'})`, () => {
  beforeAll(() => {
    if (!django.ok) throw new Error(`python3-django is missing (${django.reason}); CI=true requires it for these tests`);
  });
  beforeEach(() => {
    useSettings({ SECRET_KEY: SECRET });
  });

  const configs: Array<{ salt?: string; sep?: string; algorithm?: HashAlgorithm }> = [
    {},
    { salt: 'invitations' },
    { sep: '/' },
    { sep: '::', salt: 'x' },
    { algorithm: 'sha1' },
    { algorithm: 'sha512' },
  ];

  it('Signer: Django and Canter write the same bytes and verify each other', () => {
    const ops: DjangoOp[] = [];
    const ours: string[] = [];
    for (const config of configs) {
      const signer = new Signer(config);
      for (const value of texts) {
        ops.push({ op: 'sign', value, ...config });
        ours.push(signer.sign(value));
        ops.push({ op: 'unsign', signed: signer.sign(value), ...config });
      }
    }
    const results = runDjango(SECRET, ops);
    let i = 0;
    for (const config of configs) {
      const signer = new Signer(config);
      for (const value of texts) {
        const theirs = ok(results[2 * i]);
        expect(theirs, JSON.stringify({ config, value })).toBe(ours[i]);
        expect(signer.unsign(theirs)).toBe(value);
        expect(ok(results[2 * i + 1])).toBe(value);
        i++;
      }
    }
  });

  it('Signer: both reject a value signed with another key or salt', () => {
    const forged = [
      new Signer({ key: 'not-the-key' }).sign('v'),
      new Signer({ salt: 'elsewhere' }).sign('v'),
      `${new Signer().sign('v')}x`,
      'v',
    ];
    const results = runDjango(SECRET, forged.map((signed) => ({ op: 'unsign', signed })));
    for (const [i, signed] of forged.entries()) {
      expect(results[i]).toMatchObject({ error: 'BadSignature' });
      expect(() => new Signer().unsign(signed)).toThrow(BadSignature);
    }
  });

  it('TimestampSigner: same bytes at the same second, verified both ways, expiry agreed', () => {
    const signer = new TimestampSigner({ salt: 'ts', clock: clockAt(NOW + 0.25) });
    const later = new TimestampSigner({ salt: 'ts', clock: clockAt(NOW + 100) });
    const ops: DjangoOp[] = texts.flatMap((value): DjangoOp[] => [
      { op: 'sign', value, salt: 'ts', timestamp: true, now: NOW + 0.25 },
      { op: 'unsign', signed: signer.sign(value), salt: 'ts', timestamp: true, maxAge: 100, now: NOW + 100 },
      { op: 'unsign', signed: signer.sign(value), salt: 'ts', timestamp: true, maxAge: 99, now: NOW + 100 },
    ]);
    const results = runDjango(SECRET, ops);
    texts.forEach((value, i) => {
      const theirs = ok(results[3 * i]);
      expect(theirs).toBe(signer.sign(value));
      expect(later.unsign(theirs, 100)).toBe(value);
      expect(() => later.unsign(theirs, 99)).toThrow(SignatureExpired);
      expect(ok(results[3 * i + 1])).toBe(value);
      expect(results[3 * i + 2]).toMatchObject({ error: 'SignatureExpired' });
    });
  });

  it('JSONSerializer writes the bytes Python json.dumps writes', () => {
    const strings = sample(fc.string({ unit: 'binary', maxLength: 30 }), 100);
    const doubles = sample(fc.double({ noNaN: true, noDefaultInfinity: true }), 200);
    const values = [...jsonValues, ...strings, ...doubles, strings];
    const results = runDjango(SECRET, values.map((value) => ({ op: 'jsonDumps', json: jsonText(value) })));
    values.forEach((value, i) => expect(ok(results[i]), String(value)).toBe(jsonText(value)));
  });

  it('dumps: same bytes as Django uncompressed; loads both ways, compressed or not', () => {
    const ops: DjangoOp[] = jsonValues.flatMap((value): DjangoOp[] => [
      { op: 'dumps', json: jsonText(value), salt: 'compat', now: NOW },
      { op: 'dumps', json: jsonText(value), salt: 'compat', compress: true, now: NOW },
      { op: 'loads', signed: dumps(value, { salt: 'compat' }), salt: 'compat' },
      { op: 'loads', signed: dumps(value, { salt: 'compat', compress: true }), salt: 'compat', maxAge: 60 },
    ]);
    const results = runDjango(SECRET, ops);
    jsonValues.forEach((value, i) => {
      const plain = ok(results[4 * i]);
      expect(plain).toBe(dumps(value, { salt: 'compat', clock: clockAt(NOW) }));
      expect(loads(plain, { salt: 'compat' })).toEqual(viaJson(value));
      // Node's zlib may pick other matches than Python's, so only the content must agree.
      expect(loads(ok(results[4 * i + 1]), { salt: 'compat' })).toEqual(viaJson(value));
      expect(JSON.parse(ok(results[4 * i + 2]))).toEqual(viaJson(value));
      expect(JSON.parse(ok(results[4 * i + 3]))).toEqual(viaJson(value));
    });
  });

  it('dumps/loads: both reject the other salt and an expired token', () => {
    const token = dumps({ a: 1 }, { salt: 'one', clock: clockAt(NOW) });
    const results = runDjango(SECRET, [
      { op: 'loads', signed: token, salt: 'two' },
      { op: 'loads', signed: token, salt: 'one', maxAge: 10, now: NOW + 11 },
      { op: 'loads', signed: token, salt: 'one', maxAge: 10, now: NOW + 10 },
    ]);
    expect(results[0]).toMatchObject({ error: 'BadSignature' });
    expect(results[1]).toMatchObject({ error: 'SignatureExpired' });
    expect(JSON.parse(ok(results[2]))).toEqual({ a: 1 });
    expect(() => loads(token, { salt: 'two' })).toThrow(BadSignature);
    expect(() => loads(token, { salt: 'one', maxAge: 10, clock: clockAt(NOW + 11) })).toThrow(SignatureExpired);
  });

  it('signed cookies: get_cookie_signer(salt=name + salt) agrees both ways', () => {
    const cases = [
      { name: 'cart', salt: '', value: 'apples' },
      { name: 'cart', salt: 'v2', value: 'a:b' },
      { name: 'prefs', salt: 'x', value: 'thème=sombre' },
    ];
    const results = runDjango(
      SECRET,
      cases.flatMap(({ name, salt, value }): DjangoOp[] => [
        { op: 'cookieSign', name, salt, value, now: NOW },
        { op: 'cookieUnsign', name, salt, signed: getCookieSigner(name + salt).sign(value), maxAge: 3600 },
        { op: 'cookieUnsign', name: `${name}-other`, salt, signed: getCookieSigner(name + salt).sign(value) },
      ]),
    );
    cases.forEach(({ name, salt, value }, i) => {
      const theirs = ok(results[3 * i]);
      expect(getCookieSigner(name + salt).unsign(theirs)).toBe(value);
      expect(theirs).toBe(new TimestampSigner({ key: `django.http.cookies${SECRET}`, salt: name + salt, clock: clockAt(NOW) }).sign(value));
      expect(ok(results[3 * i + 1])).toBe(value);
      expect(results[3 * i + 2]).toMatchObject({ error: 'BadSignature' });
    });
  });

  it("saltedHmac equals Django's salted_hmac for every supported algorithm", () => {
    const algorithms: HashAlgorithm[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512', 'blake2b', 'blake2s'];
    const inputs = [
      { keySalt: 'salt', value: 'value', secret: 'secret' },
      { keySalt: 'sälz', value: '🐎'.repeat(50), secret: 'k'.repeat(300) },
    ];
    const cases = algorithms.flatMap((algorithm) => inputs.map((input) => ({ ...input, algorithm })));
    const results = runDjango(SECRET, cases.map((c): DjangoOp => ({ op: 'saltedHmac', ...c })));
    cases.forEach((c, i) => {
      expect(saltedHmac(c.keySalt, c.value, c.secret, c.algorithm).toString('hex'), c.algorithm).toBe(ok(results[i]));
    });
  });

  // Django 3.2's Signer still accepted sha1 signatures next to its sha256 default (removed in
  // 4.0). Canter follows 4.0+: a sha1 value verifies only with algorithm 'sha1'.
  it('legacy sha1 signatures: what each side accepts today', () => {
    const sha1Value = new Signer({ algorithm: 'sha1' }).sign('legacy');
    const [result] = runDjango(SECRET, [{ op: 'unsign', signed: sha1Value }]);
    if (django.ok && django.version.startsWith('3.')) expect(ok(result)).toBe('legacy');
    else expect(result).toMatchObject({ error: 'BadSignature' });
    expect(() => new Signer().unsign(sha1Value)).toThrow(BadSignature);
  });
});
