/**
 * What each hasher reads from a hash Python wrote: decode() fields and safeSummary() under
 * Django's labels (the admin's password widget shows these), and bcrypt's `$2y$` spelling.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../conf/settings/index.js';
import { Argon2PasswordHasher } from './argon2.js';
import { BCryptPasswordHasher, BCryptSHA256PasswordHasher } from './bcrypt.js';
import { maskHash } from './mask-hash.js';
import { PBKDF2PasswordHasher } from './pbkdf2.js';
import { MD5PasswordHasher } from './salted-digest.js';
import { ScryptPasswordHasher } from './scrypt.js';
import { UnsaltedMD5PasswordHasher, UnsaltedSHA1PasswordHasher } from './unsalted-digest.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'summaries' }));
});

describe('safeSummary() and decode()', () => {
  it('maskHash shows the first characters and stars the rest', () => {
    expect(maskHash('seasalt')).toBe('seasal*');
    expect(maskHash('seasalt', 2)).toBe('se*****');
    expect(maskHash('ab', 6)).toBe('ab');
    expect(maskHash('abcdef', 3, '#')).toBe('abc###');
  });

  it('PBKDF2: algorithm, iterations as a number, salt and hash masked', () => {
    const encoded = 'pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=';
    expect(new PBKDF2PasswordHasher().safeSummary(encoded)).toEqual({
      algorithm: 'pbkdf2_sha256',
      iterations: 1_000_000,
      salt: 'seasal*',
      hash: `r1uLUx${'*'.repeat(38)}`,
    });
  });

  it('scrypt: work factor, block size and parallelism, in that order', () => {
    const encoded = 'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==';
    const summary = new ScryptPasswordHasher().safeSummary(encoded);
    expect(Object.keys(summary)).toEqual(['algorithm', 'work factor', 'block size', 'parallelism', 'salt', 'hash']);
    expect(summary).toMatchObject({ 'work factor': 16384, 'block size': 8, parallelism: 1, salt: 'seasal*' });
  });

  it("Argon2: Django's old argon2i hash without a version reads as version 16", () => {
    const encoded = 'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg';
    const hasher = new Argon2PasswordHasher();
    expect(hasher.decode(encoded)).toMatchObject({ variety: 'argon2i', version: 16, memoryCost: 8, timeCost: 1, parallelism: 1, salt: 'somesalt' });
    expect(hasher.safeSummary(encoded)).toEqual({
      algorithm: 'argon2',
      variety: 'argon2i',
      version: 16,
      'memory cost': 8,
      'time cost': 1,
      parallelism: 1,
      salt: 'somesa**',
      hash: `gwQOXS${'*'.repeat(80)}`,
    });
    // Another variety, version and hash length than argon2id/19/16 bytes: to be redone.
    expect(hasher.mustUpdate(encoded)).toBe(true);
  });

  it('bcrypt: work factor as a number, salt and checksum split at 22 characters', () => {
    const encoded = 'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e';
    const hasher = new BCryptSHA256PasswordHasher();
    expect(hasher.decode(encoded)).toMatchObject({ algostr: '2b', workFactor: 12, salt: 'abcdefghijklmnopqrstuu', checksum: 'Pp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e' });
    expect(hasher.safeSummary(encoded)).toEqual({ algorithm: 'bcrypt_sha256', 'work factor': 12, salt: 'abcdef****************', checksum: `Pp7HPf${'*'.repeat(25)}` });
  });

  it("bcrypt: PHP's $2y$ hashes (made by Python's bcrypt) check, and re-encode as $2y$", async () => {
    const plain = 'bcrypt$$2y$04$abcdefghijklmnopqrstuu2r9OfJnfCsdneAXAGHnS4UpFFP8WIrW';
    const sha = 'bcrypt_sha256$$2y$04$abcdefghijklmnopqrstuuraR8y8jUb0UMmCc9fwl/YxKZSpSs52u';
    expect(await new BCryptPasswordHasher().verify('secret', plain)).toBe(true);
    expect(await new BCryptPasswordHasher().verify('secreT', plain)).toBe(false);
    expect(await new BCryptSHA256PasswordHasher().verify('secret', sha)).toBe(true);
    expect(await new BCryptSHA256PasswordHasher().encode('secret', '$2y$04$abcdefghijklmnopqrstuu')).toBe(sha);
  });

  it('the salted and unsalted digests', () => {
    expect(new MD5PasswordHasher().safeSummary('md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3')).toEqual({
      algorithm: 'md5',
      salt: 'se*****',
      hash: `3f86d0${'*'.repeat(26)}`,
    });
    expect(new UnsaltedMD5PasswordHasher().safeSummary('88a434c88cca4e900f7874cd98123f43')).toEqual({ algorithm: 'unsalted_md5', hash: `88a${'*'.repeat(29)}` });
    expect(new UnsaltedSHA1PasswordHasher().decode('sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b')).toEqual({
      algorithm: 'unsalted_sha1',
      hash: '6d138ca3ae545631b3abd71a4f076ce759c5700b',
      salt: null,
    });
  });

  it('salt() draws 22 letters and digits (128 bits); bcrypt draws its own 29-character salt for its rounds', () => {
    const salts = new Set(Array.from({ length: 50 }, () => new PBKDF2PasswordHasher().salt()));
    expect(salts.size).toBe(50);
    for (const salt of salts) expect(salt).toMatch(/^[a-zA-Z0-9]{22}$/);
    const bcrypt = new BCryptSHA256PasswordHasher();
    bcrypt.rounds = 5;
    expect(bcrypt.salt()).toMatch(/^\$2b\$05\$[./A-Za-z0-9]{21}[.Oeu]$/);
    expect(new UnsaltedMD5PasswordHasher().salt()).toBe('');
  });
});
