/**
 * Encoded hashes and passwords are input Canter did not write: a truncated column, a hash from
 * another system, a hostile row, a JSON password with a lone surrogate. Each hasher's decode()
 * refuses what it never writes with MalformedPasswordHash (never another error), and
 * checkPassword() answers false for all of it, still spending the default hasher's time.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { InvalidSalt, MalformedPasswordHash, UnencodablePassword, UnknownPasswordHasher } from './errors.js';
import { PBKDF2PasswordHasher } from './pbkdf2.js';
import { checkPassword, makePassword } from './passwords.js';
import { getHasher, identifyHasher } from './registry.js';

/** The preferred hasher at one iteration, so that the many fake-runtime hashes below are cheap. */
class QuickPBKDF2 extends PBKDF2PasswordHasher {
  override iterations = 1;
}

const ALL = ['pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt', 'scrypt', 'md5', 'sha1', 'unsalted_md5', 'unsalted_sha1'];
let restore: () => void;

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'malformed-hashes' }));
  restore = overrideSettings({ PASSWORD_HASHERS: [QuickPBKDF2, ...ALL] });
});

afterAll(() => restore());

/** Strings each hasher never writes, though they start with its algorithm. */
const MALFORMED: Readonly<Record<string, readonly string[]>> = {
  pbkdf2_sha256: [
    'pbkdf2_sha256$',
    'pbkdf2_sha256$1000$salt',
    'pbkdf2_sha256$abc$salt$aGFzaA==',
    'pbkdf2_sha256$0$salt$aGFzaA==',
    'pbkdf2_sha256$-5$salt$aGFzaA==',
    'pbkdf2_sha256$+5$salt$aGFzaA==',
    'pbkdf2_sha256$1e3$salt$aGFzaA==',
    'pbkdf2_sha256$0x10$salt$aGFzaA==',
    'pbkdf2_sha256$99999999999$salt$aGFzaA==',
    'pbkdf2_sha256$2147483648$salt$aGFzaA==',
    'pbkdf2_sha256$1000$$aGFzaA==',
    'pbkdf2_sha256$1000$salt$not base64!',
    'pbkdf2_sha256$1000$salt$aGFzaA==$extra',
  ],
  scrypt: [
    'scrypt$16384$salt$8$1',
    'scrypt$16384$$8$1$aGFzaA==',
    'scrypt$0$salt$8$1$aGFzaA==',
    'scrypt$16384$salt$x$1$aGFzaA==',
    'scrypt$16384$salt$8$1$***',
  ],
  argon2: [
    'argon2',
    'argon2$',
    'argon2$argon2x$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=18$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=1,p=2$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=0,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,m=8,t=1$c29tZXNhbHQ$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ=$aGFzaGhhc2g',
    'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$',
    'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g$more',
    'argon2$argon2id$v=19$m=99999999999,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
  ],
  bcrypt_sha256: [
    'bcrypt_sha256$',
    'bcrypt_sha256$$2b$12$short',
    'bcrypt_sha256$$2b$03$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e',
    'bcrypt_sha256$$2b$32$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e',
    'bcrypt_sha256$$2x$12$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e',
    'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8!',
    'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8eX',
  ],
  md5: ['md5$$abc', 'md5$salt', 'md5$salt$hash$more'],
  unsalted_sha1: ['sha1$'],
};

describe('malformed encoded passwords', { timeout: 60_000 }, () => {
  it('decode() refuses each with MalformedPasswordHash, naming the algorithm, never quoting the hash', () => {
    for (const [algorithm, cases] of Object.entries(MALFORMED)) {
      const hasher = algorithm === 'pbkdf2_sha256' ? new PBKDF2PasswordHasher() : getHasher(algorithm);
      for (const encoded of cases) {
        let error: unknown;
        try {
          hasher.decode(encoded);
        } catch (e) {
          error = e;
        }
        expect(error, encoded).toBeInstanceOf(MalformedPasswordHash);
        expect((error as Error).message, encoded).toMatch(/argon2|bcrypt|pbkdf2|scrypt|md5|sha1/);
        const tail = encoded.slice(encoded.indexOf('$') + 1);
        if (tail.length > 8) expect((error as Error).message, encoded).not.toContain(tail);
      }
    }
  });

  it('checkPassword() answers false for each, and runs the preferred hasher once instead of verifying', async () => {
    const preferred = getHasher('default');
    for (const [algorithm, cases] of Object.entries(MALFORMED)) {
      for (const encoded of cases) {
        const stored = algorithm === 'pbkdf2_sha256' ? encoded.replace('pbkdf2_sha256', 'pbkdf2_sha1') : encoded;
        const encode = vi.spyOn(preferred, 'encode');
        expect(await checkPassword('secret', stored), stored).toBe(false);
        expect(encode, stored).toHaveBeenCalledTimes(1);
        encode.mockRestore();
      }
    }
  });

  it('scrypt costs node:crypto refuses (N not a power of two, past maxmem) are malformed, not a crash', async () => {
    const scrypt = getHasher('scrypt');
    for (const encoded of ['scrypt$1000$salt$8$1$aGFzaA==', 'scrypt$1073741824$salt$8$1$aGFzaA==', 'scrypt$16384$salt$2147483647$1$aGFzaA==']) {
      await expect(scrypt.verify('secret', encoded), encoded).rejects.toThrow(MalformedPasswordHash);
      expect(await checkPassword('secret', encoded), encoded).toBe(false);
    }
  });

  it('an argon2 memory cost the library cannot allocate is malformed, not a crash', async () => {
    const encoded = 'argon2$argon2id$v=19$m=4294967295,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g';
    expect(await checkPassword('secret', encoded)).toBe(false);
  });

  it('property: decode() of any string after an algorithm either reads it or throws MalformedPasswordHash', () => {
    const hashers = ['pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt', 'scrypt', 'md5', 'sha1', 'unsalted_sha1'].map((a) => getHasher(a));
    fc.assert(
      fc.property(fc.constantFrom(...hashers), fc.string({ unit: 'binary' }), fc.array(fc.constantFrom('$', '=', ',', 'v=19', 'm=8', 't=1', 'p=1', '2b', '12', 'argon2id')), (hasher, text, pieces) => {
        const encoded = `${hasher.algorithm}$${[text, ...pieces].join('$')}`;
        try {
          hasher.decode(encoded);
        } catch (error) {
          if (!(error instanceof MalformedPasswordHash)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: identifyHasher() of any string answers a hasher or throws UnknownPasswordHasher', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (encoded) => {
        try {
          identifyHasher(encoded);
        } catch (error) {
          if (!(error instanceof UnknownPasswordHasher)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: checkPassword() of any string under the cheap hashers resolves to a boolean', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('md5$', 'sha1$', 'sha1$$', 'md5$$', ''), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary' }), async (head, tail, password) => {
        expect(typeof (await checkPassword(password, head + tail))).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });
});

describe('salts', () => {
  it('a salt argon2 or bcrypt cannot use is InvalidSalt, before the library sees it', async () => {
    const cases: Array<[string, string]> = [
      ['argon2', 'short'],
      ['bcrypt_sha256', 'nodollar'],
      ['bcrypt_sha256', '$2b$04$short'],
      ['bcrypt_sha256', '$2b$03$abcdefghijklmnopqrstuu'],
      ['bcrypt', '$2x$04$abcdefghijklmnopqrstuu'],
    ];
    for (const [algorithm, salt] of cases) {
      await expect(getHasher(algorithm).encode('secret', salt), `${algorithm} ${salt}`).rejects.toThrow(InvalidSalt);
    }
  });
});

describe('hostile passwords', { timeout: 60_000 }, () => {
  it('a lone surrogate is refused by makePassword (a 400) and never matches in checkPassword', async () => {
    await expect(makePassword('abc\uD800')).rejects.toThrow(UnencodablePassword);
    const error = await makePassword('\uDFFFx').catch((e: unknown) => e);
    expect((error as UnencodablePassword).status).toBe(400);
    // Node would write U+FFFD for the lone half: the replacement character's hash must not match it.
    const replacement = await makePassword('abc\uFFFD');
    expect(await checkPassword('abc\uFFFD', replacement)).toBe(true);
    expect(await checkPassword('abc\uD800', replacement)).toBe(false);
    expect(await checkPassword('abc\uDBFF', replacement)).toBe(false);
    // A well-formed pair is one character and hashes fine.
    expect(await checkPassword('😀', await makePassword('😀'))).toBe(true);
  });

  it('plain bcrypt refuses a NUL byte, which its C library would stop at; bcrypt_sha256 hashes it', async () => {
    const bcrypt = getHasher('bcrypt') as ReturnType<typeof getHasher> & { rounds: number };
    const rounds = bcrypt.rounds;
    bcrypt.rounds = 4;
    try {
      const prefixOnly = await makePassword('a', null, 'bcrypt');
      await expect(makePassword('a\u0000b', null, 'bcrypt')).rejects.toThrow(UnencodablePassword);
      expect(await checkPassword('a\u0000b', prefixOnly)).toBe(false);
      expect(await checkPassword(Buffer.from('a\u0000b'), prefixOnly)).toBe(false);
      expect(await checkPassword('a', prefixOnly)).toBe(true);
    } finally {
      bcrypt.rounds = rounds;
    }
    const sha = await makePassword('a\u0000b', null, 'bcrypt_sha256');
    expect(await checkPassword('a\u0000b', sha)).toBe(true);
    expect(await checkPassword('a', sha)).toBe(false);
  });

  it('a password that is neither text nor bytes is a TypeError in makePassword and checkPassword alike', async () => {
    const encoded = await makePassword('123');
    for (const password of [123, {}, ['1', '2', '3'], true]) {
      await expect(makePassword(password as never)).rejects.toThrow(TypeError);
      await expect(checkPassword(password as never, encoded)).rejects.toThrow(TypeError);
    }
  });

  it('property: any text or bytes round-trips through encode/verify, and one more byte does not', async () => {
    const hasher = getHasher('default');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array()), fc.string({ unit: 'grapheme-ascii', minLength: 1 }), async (password, saltText) => {
        const salt = saltText.replaceAll('$', '');
        fc.pre(salt !== '');
        const encoded = await hasher.encode(password, salt);
        expect(await hasher.verify(password, encoded)).toBe(true);
        const bytes = Buffer.from(typeof password === 'string' ? Buffer.from(password) : password);
        // Not a NUL: HMAC pads short keys with zeros, so trailing NULs collide in PBKDF2 (in Django too).
        const other = Buffer.concat([bytes, Buffer.from([1])]);
        expect(await hasher.verify(other, encoded)).toBe(false);
        expect(hasher.decode(encoded)).toMatchObject({ algorithm: 'pbkdf2_sha256', salt, iterations: 1 });
      }),
      { numRuns: 100 },
    );
  });
});
