/**
 * Password hashes shared with real Django 3.2 (Debian's python3-django, with python3-argon2 and
 * python3-bcrypt for its Argon2 and bcrypt hashers): every hasher's output, made by one side,
 * checks in the other, and with the same salt and costs both write the same string, byte for
 * byte. Django 3.2's defaults are older than Canter's (260,000 PBKDF2 iterations): each side
 * reads the other's costs from the hash. Django 3.2 has no scrypt hasher (it came in 4.0), so
 * scrypt is checked against Python's hashlib.scrypt written in Django 4.0's format.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPassword,
  getHasher,
  identifyHasher,
  makePassword,
  type PasswordHasher,
} from '../../src/auth/index.js';
import { configureSettings, defineSettings, overrideSettings } from '../../src/conf/index.js';
import { probeDjango, PYTHON } from '../../src/signing/django.test-helper.js';

type Op =
  | { op: 'make'; algorithm: string; password: string; salt?: string }
  | { op: 'check'; password: string; encoded: string }
  | { op: 'identify'; encoded: string }
  | { op: 'scrypt'; password: string; salt: string; n: number; r: number; p: number };
type Result = { ok: string | boolean } | { error: string; message: string };

/** Django's hashers, their costs lowered (class attributes) where a test asks. */
const SCRIPT = String.raw`
import base64, hashlib, json, sys
from django.conf import settings
request = json.loads(sys.stdin.read())
settings.configure(PASSWORD_HASHERS=['django.contrib.auth.hashers.' + name for name in (
    'PBKDF2PasswordHasher', 'PBKDF2SHA1PasswordHasher', 'Argon2PasswordHasher', 'BCryptSHA256PasswordHasher',
    'BCryptPasswordHasher', 'SHA1PasswordHasher', 'MD5PasswordHasher', 'UnsaltedSHA1PasswordHasher',
    'UnsaltedMD5PasswordHasher')])
from django.contrib.auth import hashers
for class_name, attributes in (request.get('costs') or {}).items():
    for name, value in attributes.items():
        setattr(getattr(hashers, class_name), name, value)

def run(op):
    kind = op['op']
    if kind == 'make':
        salt = op.get('salt')
        if salt is not None and op['algorithm'].startswith('bcrypt'):
            salt = salt.encode('ascii')
        return hashers.make_password(op['password'], salt, op['algorithm'])
    if kind == 'check':
        return hashers.check_password(op['password'], op['encoded'])
    if kind == 'identify':
        return hashers.identify_hasher(op['encoded']).algorithm
    if kind == 'scrypt':
        key = hashlib.scrypt(op['password'].encode(), salt=op['salt'].encode(), n=op['n'], r=op['r'], p=op['p'], maxmem=0, dklen=64)
        return 'scrypt$%d$%s$%d$%d$%s' % (op['n'], op['salt'], op['r'], op['p'], base64.b64encode(key).decode('ascii'))
    raise ValueError('unknown op ' + kind)

results = []
for op in request['ops']:
    try:
        results.append({'ok': run(op)})
    except Exception as e:
        results.append({'error': type(e).__name__, 'message': str(e)})
sys.stdout.write(json.dumps(results))
`;

const django = probeDjango();
const libraries = django.ok
  ? spawnSync(PYTHON, ['-c', 'import argon2, bcrypt'], { encoding: 'utf8' })
  : undefined;
const skip = !django.ok
  ? `real Django is not available (${django.reason}); apt-get install python3-django`
  : libraries?.status !== 0
    ? `Django's Argon2/bcrypt hashers need argon2-cffi and bcrypt (${libraries?.stderr.trim().split('\n').pop()}); apt-get install python3-argon2 python3-bcrypt`
    : undefined;
if (skip !== undefined && process.env.CI === 'true') throw new Error(`${skip}; under CI=true it is required`);
if (skip !== undefined) console.warn(`Skipping the Django password hash compatibility tests: ${skip}`);

/** Runs the ops in one Django process; `costs` sets hasher class attributes first. */
function djangoRun(ops: readonly Op[], costs?: Record<string, Record<string, number>>): Result[] {
  const child = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify({ ops, costs }), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`Django failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Result[];
}

function ok(result: Result | undefined): string | boolean {
  if (result === undefined || 'error' in result) throw new Error(`Django raised ${JSON.stringify(result)}`);
  return result.ok;
}

/** Every hasher Canter and Django 3.2 share, with the PASSWORD_HASHERS that makes them all known. */
const EVERY_HASHER = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt', 'scrypt', 'sha1', 'md5', 'unsalted_sha1', 'unsalted_md5'];

const PASSWORDS = ['lètmein', '', 'correct horse battery staple', 'Zoë ☃ 日本語 😀 "quoted" \\ $dollar$', 'x'.repeat(100)];
// A change within the first 72 bytes: plain bcrypt reads no further.
const WRONG = (password: string): string => `!${password}`;

/** Lowered costs on both sides, so every password can go both ways in seconds. */
const LOW_COSTS = {
  PBKDF2PasswordHasher: { iterations: 10_000 },
  PBKDF2SHA1PasswordHasher: { iterations: 10_000 },
  Argon2PasswordHasher: { time_cost: 1, memory_cost: 4096, parallelism: 2 },
  BCryptSHA256PasswordHasher: { rounds: 5 },
  BCryptPasswordHasher: { rounds: 5 },
};

/** The same lowered costs on Canter's shared hashers, restored afterwards. */
function lowerCanterCosts(): () => void {
  const changes: Array<[PasswordHasher, string, number]> = [
    [getHasher('pbkdf2_sha256'), 'iterations', 10_000],
    [getHasher('pbkdf2_sha1'), 'iterations', 10_000],
    [getHasher('argon2'), 'timeCost', 1],
    [getHasher('argon2'), 'memoryCost', 4096],
    [getHasher('argon2'), 'parallelism', 2],
    [getHasher('bcrypt_sha256'), 'rounds', 5],
    [getHasher('bcrypt'), 'rounds', 5],
  ];
  const fields = changes as unknown as Array<[Record<string, number>, string, number]>;
  const before = fields.map(([hasher, field]) => hasher[field]!);
  for (const [hasher, field, value] of fields) hasher[field] = value;
  return () => fields.forEach(([hasher, field], i) => (hasher[field] = before[i]!));
}

let restoreHashers: () => void = () => {};
let restoreCosts: (() => void) | undefined;

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'django-compat-hashers' }));
  restoreHashers = overrideSettings({ PASSWORD_HASHERS: EVERY_HASHER });
});

afterAll(() => {
  restoreHashers();
});

afterEach(() => {
  restoreCosts?.();
  restoreCosts = undefined;
});

describe.skipIf(skip)('password hashes shared with Django 3.2', { timeout: 180_000 }, () => {
  it('with the same salt and costs, both sides write the same string for every hasher', async () => {
    const salt = 'seasaltseasaltseasalt1';
    const bcryptSalt = '$2b$12$abcdefghijklmnopqrstuu';
    const cases: Array<{ algorithm: string; salt: string; canter: (password: string) => Promise<string> }> = [
      // Django 3.2's default iteration count, given to Canter's encode().
      { algorithm: 'pbkdf2_sha256', salt, canter: (pw) => (getHasher('pbkdf2_sha256') as PasswordHasher & { encode(p: string, s: string, i: number): Promise<string> }).encode(pw, salt, 260_000) },
      { algorithm: 'pbkdf2_sha1', salt, canter: (pw) => (getHasher('pbkdf2_sha1') as PasswordHasher & { encode(p: string, s: string, i: number): Promise<string> }).encode(pw, salt, 260_000) },
      // Django 3.2's Argon2 costs are Canter's (t=2, m=102400, p=8).
      { algorithm: 'argon2', salt, canter: (pw) => makePassword(pw, salt, 'argon2') },
      { algorithm: 'bcrypt_sha256', salt: bcryptSalt, canter: (pw) => makePassword(pw, bcryptSalt, 'bcrypt_sha256') },
      { algorithm: 'bcrypt', salt: bcryptSalt, canter: (pw) => makePassword(pw, bcryptSalt, 'bcrypt') },
      { algorithm: 'sha1', salt, canter: (pw) => makePassword(pw, salt, 'sha1') },
      { algorithm: 'md5', salt, canter: (pw) => makePassword(pw, salt, 'md5') },
      { algorithm: 'unsalted_sha1', salt: '', canter: (pw) => makePassword(pw, '', 'unsalted_sha1') },
      { algorithm: 'unsalted_md5', salt: '', canter: (pw) => makePassword(pw, '', 'unsalted_md5') },
    ];
    const password = 'Zoë ☃ 😀 lètmein';
    const fromDjango = djangoRun(cases.map((c) => ({ op: 'make', algorithm: c.algorithm, password, salt: c.salt })));
    for (const [i, c] of cases.entries()) {
      expect(await c.canter(password), c.algorithm).toBe(ok(fromDjango[i]));
    }
  });

  it('scrypt: Canter writes what hashlib.scrypt gives in Django 4.0+’s format (Django 3.2 has no scrypt hasher)', async () => {
    const ops: Op[] = PASSWORDS.map((password) => ({ op: 'scrypt', password, salt: 'seasalt', n: 16384, r: 8, p: 1 }));
    const reference = djangoRun(ops);
    for (const [i, password] of PASSWORDS.entries()) {
      const encoded = await makePassword(password, 'seasalt', 'scrypt');
      expect(encoded, password).toBe(ok(reference[i]));
    }
  });

  it("Django 3.2's hashes at its own default costs check in Canter, and Canter's at its costs check in Django", async () => {
    const algorithms = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt', 'sha1', 'md5', 'unsalted_sha1', 'unsalted_md5'];
    const password = 'lètmein';
    const made = djangoRun(algorithms.map((algorithm) => ({ op: 'make', algorithm, password })));
    const canterMade: string[] = [];
    for (const [i, algorithm] of algorithms.entries()) {
      const encoded = ok(made[i]) as string;
      expect(identifyHasher(encoded).algorithm, algorithm).toBe(algorithm);
      expect(await checkPassword(password, encoded), algorithm).toBe(true);
      expect(await checkPassword(WRONG(password), encoded), algorithm).toBe(false);
      canterMade.push(await makePassword(password, null, algorithm));
    }
    expect(canterMade[0]).toMatch(/^pbkdf2_sha256\$1000000\$/);
    const checked = djangoRun(canterMade.flatMap((encoded) => [
      { op: 'check', password, encoded },
      { op: 'check', password: WRONG(password), encoded },
      { op: 'identify', encoded },
    ]));
    for (const [i, algorithm] of algorithms.entries()) {
      expect(ok(checked[3 * i]), `Django checks Canter's ${algorithm}`).toBe(true);
      expect(ok(checked[3 * i + 1]), `Django refuses a wrong password against Canter's ${algorithm}`).toBe(false);
      expect(ok(checked[3 * i + 2]), algorithm).toBe(algorithm);
    }
  });

  it('every password (empty, unicode, long, with $) goes both ways through every hasher Django 3.2 has', async () => {
    restoreCosts = lowerCanterCosts();
    const algorithms = EVERY_HASHER.filter((a) => a !== 'scrypt');
    const pairs = algorithms.flatMap((algorithm) => PASSWORDS.map((password) => ({ algorithm, password })));
    const made = djangoRun(pairs.map(({ algorithm, password }) => ({ op: 'make', algorithm, password })), LOW_COSTS);
    const canterMade: string[] = [];
    for (const [i, { algorithm, password }] of pairs.entries()) {
      const encoded = ok(made[i]) as string;
      const label = `${algorithm} ${JSON.stringify(password.slice(0, 20))}`;
      expect(await checkPassword(password, encoded), `Canter checks Django's ${label}`).toBe(true);
      expect(await checkPassword(WRONG(password), encoded), `Canter refuses a wrong password for Django's ${label}`).toBe(false);
      canterMade.push(await makePassword(password, null, algorithm));
    }
    const checked = djangoRun(pairs.flatMap(({ password }, i) => [
      { op: 'check', password, encoded: canterMade[i]! },
      { op: 'check', password: WRONG(password), encoded: canterMade[i]! },
    ]), LOW_COSTS);
    for (const [i, { algorithm, password }] of pairs.entries()) {
      const label = `${algorithm} ${JSON.stringify(password.slice(0, 20))}`;
      expect(ok(checked[2 * i]), `Django checks Canter's ${label}`).toBe(true);
      expect(ok(checked[2 * i + 1]), `Django refuses a wrong password for Canter's ${label}`).toBe(false);
    }
  });

  it('bcrypt (without sha256) cuts passwords at 72 bytes on both sides alike', async () => {
    restoreCosts = lowerCanterCosts();
    const long = `${'y'.repeat(72)}tail`;
    const [fromDjango] = djangoRun([{ op: 'make', algorithm: 'bcrypt', password: long }], LOW_COSTS);
    expect(await checkPassword('y'.repeat(72), ok(fromDjango) as string)).toBe(true);
    const fromCanter = await makePassword(long, null, 'bcrypt');
    const [checked] = djangoRun([{ op: 'check', password: 'y'.repeat(72), encoded: fromCanter }], LOW_COSTS);
    expect(ok(checked)).toBe(true);
  });
});
