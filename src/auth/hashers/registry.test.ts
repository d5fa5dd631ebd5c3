/**
 * PASSWORD_HASHERS: algorithm names, Django's class paths and classes; one shared instance per
 * value of the setting; a clear ImproperlyConfigured for an entry that names nothing; argon2 and
 * bcrypt loaded only when a hasher of theirs runs, with HasherLibraryMissing naming the package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { Argon2PasswordHasher } from './argon2.js';
import { BasePasswordHasher } from './base.js';
import { BCryptSHA256PasswordHasher } from './bcrypt.js';
import { HasherLibraryMissing, UnknownPasswordHasher } from './errors.js';
import { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './pbkdf2.js';
import { checkPassword, makePassword } from './passwords.js';
import { getHasher, getHashers, identifyHasher } from './registry.js';
import { ScryptPasswordHasher } from './scrypt.js';

class StrongerPBKDF2 extends PBKDF2PasswordHasher {
  override iterations = 1_200_000;
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'hasher-registry' }));
});

describe('PASSWORD_HASHERS', () => {
  it("defaults to Django 5.2's list, PBKDF2 first", () => {
    expect(getHashers().map((h) => h.algorithm)).toEqual(['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt']);
    expect(getHasher()).toBeInstanceOf(PBKDF2PasswordHasher);
    expect((getHasher() as PBKDF2PasswordHasher).iterations).toBe(1_000_000);
  });

  it("takes algorithm names, Django's class paths and classes alike; a subclass keeps its parent's algorithm", () =>
    overrideSettings({ PASSWORD_HASHERS: ['scrypt', 'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher', StrongerPBKDF2] }, () => {
      const [scrypt, sha1, stronger] = getHashers();
      expect(scrypt).toBeInstanceOf(ScryptPasswordHasher);
      expect(sha1).toBeInstanceOf(PBKDF2SHA1PasswordHasher);
      expect(stronger).toBeInstanceOf(StrongerPBKDF2);
      expect(stronger!.algorithm).toBe('pbkdf2_sha256');
      expect(getHasher('pbkdf2_sha256')).toBe(stronger);
      expect(getHasher()).toBe(scrypt);
    }));

  it('keeps one instance per value of the setting: the same across calls and unrelated overrides, fresh for a new value', () => {
    const first = getHasher();
    expect(getHasher('default')).toBe(first);
    expect(getHasher('pbkdf2_sha256')).toBe(first);
    overrideSettings({ DEBUG: true }, () => expect(getHasher()).toBe(first));
    overrideSettings({ PASSWORD_HASHERS: ['pbkdf2_sha256'] }, () => expect(getHasher()).not.toBe(first));
    expect(getHasher()).toBe(first);
  });

  it('a hasher instance passed to getHasher() is answered as it is', () => {
    const own = new ScryptPasswordHasher();
    expect(getHasher(own)).toBe(own);
  });

  it('when two entries share an algorithm, the first is preferred and the later one reads the hashes', () =>
    overrideSettings({ PASSWORD_HASHERS: ['pbkdf2_sha256', StrongerPBKDF2] }, () => {
      expect(getHasher()).not.toBeInstanceOf(StrongerPBKDF2);
      expect(identifyHasher('pbkdf2_sha256$1$salt$hash')).toBeInstanceOf(StrongerPBKDF2);
    }));

  it('an entry that names no hasher is ImproperlyConfigured, naming the entry and what is valid', () => {
    const bad: unknown[] = ['pbkdf2', 'myproject.hashers.MyHasher', 'django.contrib.auth.hashers.CryptPasswordHasher', Date, 42];
    for (const entry of bad) {
      overrideSettings({ PASSWORD_HASHERS: ['md5', entry as string] }, () => {
        expect(() => getHasher(), String(entry)).toThrow(ImproperlyConfigured);
        expect(() => getHasher(), String(entry)).toThrow(/^PASSWORD_HASHERS\[1\] is .*; each entry must be an algorithm name \('pbkdf2_sha256', .*Django's class path/);
      });
    }
  });

  it('an empty list, and a class without an algorithm, are ImproperlyConfigured', () => {
    overrideSettings({ PASSWORD_HASHERS: [] }, () => expect(() => getHasher()).toThrow(/PASSWORD_HASHERS is empty/));
    overrideSettings({ PASSWORD_HASHERS: [BasePasswordHasher] }, () =>
      expect(() => getHasher()).toThrow("hasher doesn't specify an algorithm name: PASSWORD_HASHERS[0] (the function BasePasswordHasher)"));
  });

  it("an algorithm missing from the list is UnknownPasswordHasher with Django's message; checkPassword answers false", async () => {
    await overrideSettings({ PASSWORD_HASHERS: ['md5'] }, async () => {
      expect(() => getHasher('scrypt')).toThrow(UnknownPasswordHasher);
      expect(() => identifyHasher('scrypt$16384$salt$8$1$aGFzaA==')).toThrow("Unknown password hashing algorithm 'scrypt'. Did you specify it in the PASSWORD_HASHERS setting?");
      expect(await checkPassword('x', 'scrypt$16384$salt$8$1$aGFzaA==')).toBe(false);
    });
  });
});

describe('optional libraries', () => {
  class MissingArgon2 extends Argon2PasswordHasher {
    override readonly library = 'canter-test-no-such-argon2';
  }
  class MissingBcrypt extends BCryptSHA256PasswordHasher {
    override readonly library = 'canter-test-no-such-bcrypt';
  }

  it('a missing package is HasherLibraryMissing (an ImproperlyConfigured) naming it, from makePassword and checkPassword alike', async () => {
    for (const Hasher of [MissingArgon2, MissingBcrypt]) {
      await overrideSettings({ PASSWORD_HASHERS: [Hasher] }, async () => {
        const hasher = getHasher();
        const error = await makePassword('secret').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(HasherLibraryMissing);
        expect(error).toBeInstanceOf(ImproperlyConfigured);
        expect((error as Error).message).toContain(`Couldn't load '${Hasher.name}' algorithm library`);
        expect((error as Error).message).toContain(`npm install ${hasher.library}`);
        // A configuration fault is not a wrong password: checkPassword lets it through.
        const stored = Hasher === MissingArgon2
          ? 'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g'
          : 'bcrypt_sha256$$2b$04$abcdefghijklmnopqrstuuPp7HPfoAs8I2dCQCQ/fW7zEJv8I8C8e';
        await expect(checkPassword('secret', stored)).rejects.toThrow(HasherLibraryMissing);
      });
    }
  });

  it('argon2 and bcrypt are imported only when one of their hashers runs', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = `
      import { createRequire } from 'node:module';
      import { configureSettings, defineSettings } from '${root}src/conf/settings/index.ts';
      import { checkPassword, getHashers, makePassword } from '${root}src/auth/hashers/index.ts';
      configureSettings(defineSettings({ SECRET_KEY: 'lazy' }));
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(argon2|bcrypt)\\//.test(p)).length;
      getHashers();
      await checkPassword('secret', await makePassword('secret', 'salt', 'pbkdf2_sha1'));
      const before = loaded();
      await makePassword('secret', null, 'scrypt');
      const stillBefore = loaded();
      await makePassword('secret', 'somesaltsomesalt', 'argon2');
      console.log(JSON.stringify({ before, stillBefore, after: loaded() }));
    `;
    const dir = mkdtempSync(join(tmpdir(), 'canter-lazy-'));
    try {
      writeFileSync(join(dir, 'lazy.mts'), script);
      const child = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'lazy.mts')], { cwd: root, encoding: 'utf8' });
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout.trim())).toEqual({ before: 0, stillBefore: 0, after: expect.any(Number) });
      expect(JSON.parse(child.stdout.trim()).after).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
