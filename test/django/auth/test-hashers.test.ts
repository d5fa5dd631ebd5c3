/**
 * Django's tests/auth_tests/test_hashers.py (5.2), ported. The legacy hashers Django 5.1 removed
 * and Canter keeps (SHA1, unsalted MD5 and SHA1) bring their Django 4.2 tests. make_password,
 * check_password and the hashers' encode/verify/harden_runtime are asynchronous here, so each
 * call is awaited; acheck_password is check_password itself. `mock.patch.object(hasher, attr, v)`
 * becomes setting the shared instance's field and restoring it; a `side_effect` spy becomes
 * vi.spyOn on the instance. Django's `PASSWORD_HASHERS` (global_settings) is Canter's default.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BasePasswordHasher,
  BCryptPasswordHasher,
  BCryptSHA256PasswordHasher,
  checkPassword,
  getHasher,
  HasherLibraryMissing,
  HasherNotImplemented,
  identifyHasher,
  InvalidSalt,
  isPasswordUsable,
  makePassword,
  MD5PasswordHasher,
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  ScryptPasswordHasher,
  SHA1PasswordHasher,
  UNUSABLE_PASSWORD_PREFIX,
  UNUSABLE_PASSWORD_SUFFIX_LENGTH,
  UnknownPasswordHasher,
  type PasswordHasher,
} from '../../../src/auth/index.js';
import { configureSettings, defineSettings, overrideSettings, type SettingsInput } from '../../../src/conf/index.js';

/** Whether an optional npm package loads; under CI=true a missing one is a failure, not a skip. */
async function loads(name: string): Promise<string | undefined> {
  try {
    await import(name);
    return undefined;
  } catch (error) {
    const reason = `the npm package '${name}' is not installed (${(error as Error).message.split('\n')[0]}); npm install ${name}`;
    if (process.env.CI === 'true') throw new Error(`${reason}; under CI=true it is required`);
    console.warn(`Skipping Django's ${name} hasher tests: ${reason}`);
    return reason;
  }
}
const noBcrypt = await loads('bcrypt');
const noArgon2 = await loads('argon2');

class PBKDF2SingleIterationHasher extends PBKDF2PasswordHasher {
  override iterations = 1;
}

const DJANGO = 'django.contrib.auth.hashers.';
const withHashers = <T>(hashers: SettingsInput['PASSWORD_HASHERS'], fn: () => Promise<T>): Promise<T> =>
  overrideSettings({ PASSWORD_HASHERS: hashers }, fn);

/** A setter that records that it ran, as Django's `state = {"upgraded": False}`. */
function upgradeRecorder(): { state: { upgraded: boolean }; setter: () => void } {
  const state = { upgraded: false };
  return { state, setter: () => void (state.upgraded = true) };
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'django-tests-secret-key' }));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('TestUtilsHashPass', { timeout: 120_000 }, () => {
  it('test_simple', async () => {
    const encoded = await makePassword('lètmein');
    expect(encoded.startsWith('pbkdf2_sha256$')).toBe(true);
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    // Blank passwords
    const blankEncoded = await makePassword('');
    expect(blankEncoded.startsWith('pbkdf2_sha256$')).toBe(true);
    expect(isPasswordUsable(blankEncoded)).toBe(true);
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
  });

  it('test_bytes', async () => {
    const encoded = await makePassword(Buffer.from('bytes_password'));
    expect(encoded.startsWith('pbkdf2_sha256$')).toBe(true);
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(await checkPassword(Buffer.from('bytes_password'), encoded)).toBe(true);
  });

  it('test_invalid_password: a password that is neither text nor bytes is a TypeError naming its type', async () => {
    const error = await makePassword(1 as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('Password must be a string or bytes, got number.');
  });

  it('test_pbkdf2', async () => {
    const encoded = await makePassword('lètmein', 'seasalt', 'pbkdf2_sha256');
    expect(encoded).toBe('pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=');
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    expect(identifyHasher(encoded).algorithm).toBe('pbkdf2_sha256');
    // Blank passwords
    const blankEncoded = await makePassword('', 'seasalt', 'pbkdf2_sha256');
    expect(blankEncoded.startsWith('pbkdf2_sha256$')).toBe(true);
    expect(isPasswordUsable(blankEncoded)).toBe(true);
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
    // Salt entropy check.
    const hasher = getHasher('pbkdf2_sha256');
    const encodedWeakSalt = await makePassword('lètmein', 'iodizedsalt', 'pbkdf2_sha256');
    const encodedStrongSalt = await makePassword('lètmein', hasher.salt(), 'pbkdf2_sha256');
    expect(hasher.mustUpdate(encodedWeakSalt)).toBe(true);
    expect(hasher.mustUpdate(encodedStrongSalt)).toBe(false);
  });

  it('test_sha1 (Django 4.2)', () =>
    withHashers([`${DJANGO}SHA1PasswordHasher`], async () => {
      const encoded = await makePassword('lètmein', 'seasalt', 'sha1');
      expect(encoded).toBe('sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8');
      expect(isPasswordUsable(encoded)).toBe(true);
      expect(await checkPassword('lètmein', encoded)).toBe(true);
      expect(await checkPassword('lètmeinz', encoded)).toBe(false);
      expect(identifyHasher(encoded).algorithm).toBe('sha1');
      // Blank passwords
      const blankEncoded = await makePassword('', 'seasalt', 'sha1');
      expect(blankEncoded.startsWith('sha1$')).toBe(true);
      expect(isPasswordUsable(blankEncoded)).toBe(true);
      expect(await checkPassword('', blankEncoded)).toBe(true);
      expect(await checkPassword(' ', blankEncoded)).toBe(false);
      // Salt entropy check.
      const hasher = getHasher('sha1');
      const encodedWeakSalt = await makePassword('lètmein', 'iodizedsalt', 'sha1');
      const encodedStrongSalt = await makePassword('lètmein', hasher.salt(), 'sha1');
      expect(hasher.mustUpdate(encodedWeakSalt)).toBe(true);
      expect(hasher.mustUpdate(encodedStrongSalt)).toBe(false);
    }));

  it('test_md5', () =>
    withHashers([`${DJANGO}MD5PasswordHasher`], async () => {
      const encoded = await makePassword('lètmein', 'seasalt', 'md5');
      expect(encoded).toBe('md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3');
      expect(isPasswordUsable(encoded)).toBe(true);
      expect(await checkPassword('lètmein', encoded)).toBe(true);
      expect(await checkPassword('lètmeinz', encoded)).toBe(false);
      expect(identifyHasher(encoded).algorithm).toBe('md5');
      // Blank passwords
      const blankEncoded = await makePassword('', 'seasalt', 'md5');
      expect(blankEncoded.startsWith('md5$')).toBe(true);
      expect(isPasswordUsable(blankEncoded)).toBe(true);
      expect(await checkPassword('', blankEncoded)).toBe(true);
      expect(await checkPassword(' ', blankEncoded)).toBe(false);
      // Salt entropy check.
      const hasher = getHasher('md5');
      const encodedWeakSalt = await makePassword('lètmein', 'iodizedsalt', 'md5');
      const encodedStrongSalt = await makePassword('lètmein', hasher.salt(), 'md5');
      expect(hasher.mustUpdate(encodedWeakSalt)).toBe(true);
      expect(hasher.mustUpdate(encodedStrongSalt)).toBe(false);
    }));

  it('test_unsalted_md5 (Django 4.2)', () =>
    withHashers([`${DJANGO}UnsaltedMD5PasswordHasher`], async () => {
      const encoded = await makePassword('lètmein', '', 'unsalted_md5');
      expect(encoded).toBe('88a434c88cca4e900f7874cd98123f43');
      expect(isPasswordUsable(encoded)).toBe(true);
      expect(await checkPassword('lètmein', encoded)).toBe(true);
      expect(await checkPassword('lètmeinz', encoded)).toBe(false);
      expect(identifyHasher(encoded).algorithm).toBe('unsalted_md5');
      // Alternate unsalted syntax
      const altEncoded = `md5$$${encoded}`;
      expect(isPasswordUsable(altEncoded)).toBe(true);
      expect(await checkPassword('lètmein', altEncoded)).toBe(true);
      expect(await checkPassword('lètmeinz', altEncoded)).toBe(false);
      // Blank passwords
      const blankEncoded = await makePassword('', '', 'unsalted_md5');
      expect(isPasswordUsable(blankEncoded)).toBe(true);
      expect(await checkPassword('', blankEncoded)).toBe(true);
      expect(await checkPassword(' ', blankEncoded)).toBe(false);
    }));

  it('test_unsalted_md5_encode_invalid_salt (Django 4.2)', () =>
    withHashers([`${DJANGO}UnsaltedMD5PasswordHasher`], async () => {
      const hasher = getHasher('unsalted_md5');
      const error = await hasher.encode('password', 'salt').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidSalt);
      expect((error as Error).message).toBe('salt must be empty.');
    }));

  it('test_unsalted_sha1 (Django 4.2)', () =>
    withHashers([`${DJANGO}UnsaltedSHA1PasswordHasher`], async () => {
      const encoded = await makePassword('lètmein', '', 'unsalted_sha1');
      expect(encoded).toBe('sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b');
      expect(isPasswordUsable(encoded)).toBe(true);
      expect(await checkPassword('lètmein', encoded)).toBe(true);
      expect(await checkPassword('lètmeinz', encoded)).toBe(false);
      expect(identifyHasher(encoded).algorithm).toBe('unsalted_sha1');
      // Raw SHA1 isn't acceptable
      const altEncoded = encoded.slice(6);
      expect(await checkPassword('lètmein', altEncoded)).toBe(false);
      // Blank passwords
      const blankEncoded = await makePassword('', '', 'unsalted_sha1');
      expect(blankEncoded.startsWith('sha1$')).toBe(true);
      expect(isPasswordUsable(blankEncoded)).toBe(true);
      expect(await checkPassword('', blankEncoded)).toBe(true);
      expect(await checkPassword(' ', blankEncoded)).toBe(false);
    }));

  it('test_unsalted_sha1_encode_invalid_salt (Django 4.2)', () =>
    withHashers([`${DJANGO}UnsaltedSHA1PasswordHasher`], async () => {
      const hasher = getHasher('unsalted_sha1');
      const error = await hasher.encode('password', 'salt').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidSalt);
      expect((error as Error).message).toBe('salt must be empty.');
    }));

  it.skipIf(noBcrypt)('test_bcrypt_sha256', async () => {
    let encoded = await makePassword('lètmein', null, 'bcrypt_sha256');
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(encoded.startsWith('bcrypt_sha256$')).toBe(true);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    expect(identifyHasher(encoded).algorithm).toBe('bcrypt_sha256');

    // password truncation no longer works
    const password = 'VSK0UYV6FFQVZ0KG88DYN9WADAADZO1CTSIVDJUNZSUML6IBX7LN7ZS3R5JGB3RGZ7VI7G7DJQ9NI8BQFSRPTG6UWTTVESA5ZPUN';
    encoded = await makePassword(password, null, 'bcrypt_sha256');
    expect(await checkPassword(password, encoded)).toBe(true);
    expect(await checkPassword(password.slice(0, 72), encoded)).toBe(false);
    // Blank passwords
    const blankEncoded = await makePassword('', null, 'bcrypt_sha256');
    expect(blankEncoded.startsWith('bcrypt_sha256$')).toBe(true);
    expect(isPasswordUsable(blankEncoded)).toBe(true);
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
  });

  it.skipIf(noBcrypt)('test_bcrypt', () =>
    withHashers([`${DJANGO}BCryptPasswordHasher`], async () => {
      const encoded = await makePassword('lètmein', null, 'bcrypt');
      expect(isPasswordUsable(encoded)).toBe(true);
      expect(encoded.startsWith('bcrypt$')).toBe(true);
      expect(await checkPassword('lètmein', encoded)).toBe(true);
      expect(await checkPassword('lètmeinz', encoded)).toBe(false);
      expect(identifyHasher(encoded).algorithm).toBe('bcrypt');
      // Blank passwords
      const blankEncoded = await makePassword('', null, 'bcrypt');
      expect(blankEncoded.startsWith('bcrypt$')).toBe(true);
      expect(isPasswordUsable(blankEncoded)).toBe(true);
      expect(await checkPassword('', blankEncoded)).toBe(true);
      expect(await checkPassword(' ', blankEncoded)).toBe(false);
    }));

  it.skipIf(noBcrypt)('test_bcrypt_upgrade', () =>
    withHashers([`${DJANGO}BCryptPasswordHasher`], async () => {
      const hasher = getHasher('bcrypt') as BCryptPasswordHasher & PasswordHasher;
      expect(hasher.algorithm).toBe('bcrypt');
      expect(hasher.rounds).not.toBe(4);

      const oldRounds = hasher.rounds;
      try {
        // Generate a password with 4 rounds.
        hasher.rounds = 4;
        const encoded = await makePassword('letmein', null, 'bcrypt');
        const rounds = hasher.safeSummary(encoded)['work factor'];
        expect(rounds).toBe(4);

        const { state, setter } = upgradeRecorder();
        // No upgrade is triggered.
        expect(await checkPassword('letmein', encoded, setter, 'bcrypt')).toBe(true);
        expect(state.upgraded).toBe(false);

        // Revert to the old rounds count and ...
        hasher.rounds = oldRounds;

        // ... check if the password would get updated to the new count.
        expect(await checkPassword('letmein', encoded, setter, 'bcrypt')).toBe(true);
        expect(state.upgraded).toBe(true);
      } finally {
        hasher.rounds = oldRounds;
      }
    }));

  it.skipIf(noBcrypt)('test_bcrypt_harden_runtime', () =>
    withHashers([`${DJANGO}BCryptPasswordHasher`], async () => {
      const hasher = getHasher('bcrypt') as BCryptPasswordHasher & PasswordHasher;
      expect(hasher.algorithm).toBe('bcrypt');
      const oldRounds = hasher.rounds;
      try {
        hasher.rounds = 4;
        const encoded = await makePassword('letmein', null, 'bcrypt');

        hasher.rounds = 6;
        const encode = vi.spyOn(hasher, 'encode');
        await hasher.hardenRuntime('wrong_password', encoded);

        // Increasing rounds from 4 to 6 means an increase of 4 in workload,
        // therefore hardening should run 3 times to make the timing the
        // same (the original encode() call already ran once).
        expect(encode).toHaveBeenCalledTimes(3);

        // Get the original salt (includes the original workload factor)
        const data = encoded.slice(encoded.indexOf('$') + 1);
        expect(encode.mock.calls).toEqual(Array(3).fill(['wrong_password', data.slice(0, 29)]));
      } finally {
        hasher.rounds = oldRounds;
      }
    }));

  it('test_unusable', async () => {
    const encoded = await makePassword(null);
    expect(encoded.length).toBe(UNUSABLE_PASSWORD_PREFIX.length + UNUSABLE_PASSWORD_SUFFIX_LENGTH);
    expect(isPasswordUsable(encoded)).toBe(false);
    expect(await checkPassword(null, encoded)).toBe(false);
    expect(await checkPassword(encoded, encoded)).toBe(false);
    expect(await checkPassword(UNUSABLE_PASSWORD_PREFIX, encoded)).toBe(false);
    expect(await checkPassword('', encoded)).toBe(false);
    expect(await checkPassword('lètmein', encoded)).toBe(false);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    expect(() => identifyHasher(encoded)).toThrow(UnknownPasswordHasher);
    expect(() => identifyHasher(encoded)).toThrow('Unknown password hashing algorith');
    // Assert that the unusable passwords actually contain a random part.
    // This might fail one day due to a hash collision.
    expect(encoded, 'Random password collision?').not.toBe(await makePassword(null));
  });

  it('test_unspecified_password: no plain password with a valid encoded password returns false', async () => {
    expect(await checkPassword(null, await makePassword('lètmein'))).toBe(false);
  });

  it('test_bad_algorithm', async () => {
    const msg = "Unknown password hashing algorithm 'lolcat'. Did you specify it in the PASSWORD_HASHERS setting?";
    await expect(makePassword('lètmein', null, 'lolcat')).rejects.toThrow(UnknownPasswordHasher);
    await expect(makePassword('lètmein', null, 'lolcat')).rejects.toThrow(msg);
    expect(() => identifyHasher('lolcat$salt$hash')).toThrow(UnknownPasswordHasher);
    expect(() => identifyHasher('lolcat$salt$hash')).toThrow(msg);
  });

  it('test_is_password_usable', () => {
    for (const password of ['lètmein_badencoded', '', null]) {
      expect(isPasswordUsable(password), String(password)).toBe(true);
    }
  });

  it('test_low_level_pbkdf2', async () => {
    const hasher = new PBKDF2PasswordHasher();
    const encoded = await hasher.encode('lètmein', 'seasalt2');
    expect(encoded).toBe('pbkdf2_sha256$1000000$seasalt2$egbhFghgsJVDo5Tpg/k9ZnfbySKQ1UQnBYXhR97a7sk=');
    expect(await hasher.verify('lètmein', encoded)).toBe(true);
  });

  it('test_low_level_pbkdf2_sha1', async () => {
    const hasher = new PBKDF2SHA1PasswordHasher();
    const encoded = await hasher.encode('lètmein', 'seasalt2');
    expect(encoded).toBe('pbkdf2_sha1$1000000$seasalt2$3R9hvSAiAy5ARspAFy5GJ/2rjXo=');
    expect(await hasher.verify('lètmein', encoded)).toBe(true);
  });

  it.skipIf(noBcrypt)('test_bcrypt_salt_check', async () => {
    const hasher = new BCryptPasswordHasher();
    const encoded = await hasher.encode('lètmein', hasher.salt());
    expect(hasher.mustUpdate(encoded)).toBe(false);
  });

  it.skipIf(noBcrypt)('test_bcryptsha256_salt_check', async () => {
    const hasher = new BCryptSHA256PasswordHasher();
    const encoded = await hasher.encode('lètmein', hasher.salt());
    expect(hasher.mustUpdate(encoded)).toBe(false);
  });

  it("test_upgrade: Django 5.2's pbkdf2_sha1 and md5, and 4.2's sha1", () =>
    withHashers([`${DJANGO}PBKDF2PasswordHasher`, `${DJANGO}PBKDF2SHA1PasswordHasher`, `${DJANGO}SHA1PasswordHasher`, `${DJANGO}MD5PasswordHasher`], async () => {
      expect(getHasher('default').algorithm).toBe('pbkdf2_sha256');
      for (const algo of ['pbkdf2_sha1', 'sha1', 'md5']) {
        const encoded = await makePassword('lètmein', null, algo);
        const { state, setter } = upgradeRecorder();
        expect(await checkPassword('lètmein', encoded, setter), algo).toBe(true);
        expect(state.upgraded, algo).toBe(true);
      }
    }));

  it('test_no_upgrade', async () => {
    const encoded = await makePassword('lètmein');
    const { state, setter } = upgradeRecorder();
    expect(await checkPassword('WRONG', encoded, setter)).toBe(false);
    expect(state.upgraded).toBe(false);
  });

  it('test_no_upgrade_on_incorrect_pass', () =>
    withHashers([`${DJANGO}PBKDF2PasswordHasher`, `${DJANGO}PBKDF2SHA1PasswordHasher`, `${DJANGO}SHA1PasswordHasher`, `${DJANGO}MD5PasswordHasher`], async () => {
      expect(getHasher('default').algorithm).toBe('pbkdf2_sha256');
      for (const algo of ['pbkdf2_sha1', 'sha1', 'md5']) {
        const encoded = await makePassword('lètmein', null, algo);
        const { state, setter } = upgradeRecorder();
        expect(await checkPassword('WRONG', encoded, setter), algo).toBe(false);
        expect(state.upgraded, algo).toBe(false);
      }
    }));

  it('test_pbkdf2_upgrade', async () => {
    const hasher = getHasher('default') as PBKDF2PasswordHasher & PasswordHasher;
    expect(hasher.algorithm).toBe('pbkdf2_sha256');
    expect(hasher.iterations).not.toBe(1);

    const oldIterations = hasher.iterations;
    try {
      // Generate a password with 1 iteration.
      hasher.iterations = 1;
      const encoded = await makePassword('letmein');
      const iterations = encoded.split('$')[1];
      expect(iterations).toBe('1');

      const { state, setter } = upgradeRecorder();
      // No upgrade is triggered
      expect(await checkPassword('letmein', encoded, setter)).toBe(true);
      expect(state.upgraded).toBe(false);

      // Revert to the old iteration count and ...
      hasher.iterations = oldIterations;

      // ... check if the password would get updated to the new iteration count.
      expect(await checkPassword('letmein', encoded, setter)).toBe(true);
      expect(state.upgraded).toBe(true);
    } finally {
      hasher.iterations = oldIterations;
    }
  });

  it('test_pbkdf2_harden_runtime', async () => {
    const hasher = getHasher('default') as PBKDF2PasswordHasher & PasswordHasher;
    expect(hasher.algorithm).toBe('pbkdf2_sha256');
    const oldIterations = hasher.iterations;
    try {
      hasher.iterations = 1;
      const encoded = await makePassword('letmein');

      hasher.iterations = 6;
      const encode = vi.spyOn(hasher, 'encode');
      await hasher.hardenRuntime('wrong_password', encoded);

      // Encode should get called once ...
      expect(encode).toHaveBeenCalledTimes(1);

      // ... with the original salt and 5 iterations.
      const salt = encoded.split('$')[2];
      expect(encode).toHaveBeenLastCalledWith('wrong_password', salt, 5);
    } finally {
      hasher.iterations = oldIterations;
    }
  });

  it('test_pbkdf2_upgrade_new_hasher', async () => {
    const hasher = getHasher('default') as PBKDF2PasswordHasher & PasswordHasher;
    expect(hasher.algorithm).toBe('pbkdf2_sha256');
    expect(hasher.iterations).not.toBe(1);

    const { state, setter } = upgradeRecorder();
    const encoded = await withHashers([PBKDF2SingleIterationHasher], async () => {
      const made = await makePassword('letmein');
      expect(made.split('$')[1]).toBe('1');

      // No upgrade is triggered
      expect(await checkPassword('letmein', made, setter)).toBe(true);
      expect(state.upgraded).toBe(false);
      return made;
    });

    // Revert to the old iteration count and check if the password would get
    // updated to the new iteration count.
    await withHashers([`${DJANGO}PBKDF2PasswordHasher`, PBKDF2SingleIterationHasher], async () => {
      expect(await checkPassword('letmein', encoded, setter)).toBe(true);
      expect(state.upgraded).toBe(true);
    });
  });

  it('test_check_password_calls_harden_runtime', async () => {
    const hasher = getHasher('default');
    const encoded = await makePassword('letmein');

    const hardenRuntime = vi.spyOn(hasher, 'hardenRuntime').mockResolvedValue(undefined);
    vi.spyOn(hasher, 'mustUpdate').mockReturnValue(true);
    // Correct password supplied, no hardening needed
    await checkPassword('letmein', encoded);
    expect(hardenRuntime).toHaveBeenCalledTimes(0);

    // Wrong password supplied, hardening needed
    await checkPassword('wrong_password', encoded);
    expect(hardenRuntime).toHaveBeenCalledTimes(1);
  });

  // Django mocks identify_hasher to raise; here the third case is the real thing it stands for:
  // a hash whose algorithm PASSWORD_HASHERS no longer lists.
  async function fakeRuntimeCases(): Promise<Array<[string | null, string | null, string]>> {
    return [
      [null, null, 'no plain text password provided'],
      ['foo', await makePassword(null), 'unusable encoded'],
      ['letmein', await new MD5PasswordHasher().encode('letmein', 'seasaltseasaltseasalt1'), 'a hasher no longer installed'],
    ];
  }

  it('test_check_password_calls_make_password_to_fake_runtime', async () => {
    const hasher = getHasher('default');
    for (const [password, encoded, why] of await fakeRuntimeCases()) {
      const encode = vi.spyOn(hasher, 'encode');
      const verify = vi.spyOn(hasher, 'verify');
      // Ensure make_password is called to standardize timing.
      expect(await checkPassword(password, encoded), why).toBe(false);
      expect(verify, why).toHaveBeenCalledTimes(0);
      expect(encode, why).toHaveBeenCalledTimes(1);
      expect(encode.mock.calls[0]![0], why).toMatch(new RegExp(`^[a-zA-Z0-9]{${UNUSABLE_PASSWORD_SUFFIX_LENGTH}}$`));
      vi.restoreAllMocks();
    }
  });

  it('test_acheck_password_calls_make_password_to_fake_runtime: the same with an async setter', async () => {
    const hasher = getHasher('default');
    for (const [password, encoded, why] of await fakeRuntimeCases()) {
      const encode = vi.spyOn(hasher, 'encode');
      const verify = vi.spyOn(hasher, 'verify');
      const setter = vi.fn(async () => {});
      expect(await checkPassword(password, encoded, setter), why).toBe(false);
      expect(verify, why).toHaveBeenCalledTimes(0);
      expect(encode, why).toHaveBeenCalledTimes(1);
      expect(encode.mock.calls[0]![0], why).toMatch(new RegExp(`^[a-zA-Z0-9]{${UNUSABLE_PASSWORD_SUFFIX_LENGTH}}$`));
      expect(setter, why).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it('test_encode_invalid_salt', async () => {
    const hasherClasses = [MD5PasswordHasher, PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher, ScryptPasswordHasher, SHA1PasswordHasher];
    const msg = 'salt must be provided and cannot contain $.';
    for (const HasherClass of hasherClasses) {
      const hasher = new HasherClass();
      for (const salt of [null, '', 'sea$salt']) {
        const error = await hasher.encode('password', salt as string).catch((e: unknown) => e);
        expect(error, `${HasherClass.name} ${salt}`).toBeInstanceOf(InvalidSalt);
        expect((error as Error).message, `${HasherClass.name} ${salt}`).toBe(msg);
      }
    }
  });

  it('test_encode_password_required', async () => {
    const hasherClasses = [MD5PasswordHasher, PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher, ScryptPasswordHasher, SHA1PasswordHasher];
    for (const HasherClass of hasherClasses) {
      const error = await new HasherClass().encode(null as never, 'seasalt').catch((e: unknown) => e);
      expect(error, HasherClass.name).toBeInstanceOf(TypeError);
      expect((error as Error).message, HasherClass.name).toBe('password must be provided.');
    }
  });

  it('test_acheck_password: checkPassword is itself asynchronous', async () => {
    const encoded = await makePassword('lètmein');
    const pending = checkPassword('lètmein', encoded);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    // Blank passwords.
    const blankEncoded = await makePassword('');
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
  });
});

describe('BasePasswordHasherTests', () => {
  const notImplementedMsg = (what: string): string => `subclasses of BasePasswordHasher must provide ${what}() method`;
  let hasher: BasePasswordHasher;

  beforeAll(() => {
    hasher = new BasePasswordHasher();
  });

  it('test_load_library_no_algorithm', async () => {
    const error = await hasher.loadLibrary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HasherNotImplemented);
    expect((error as Error).message).toContain("Hasher 'BasePasswordHasher' doesn't specify a library attribute");
  });

  it('test_load_library_importerror: the error names the package to install', async () => {
    class PlainHasher extends BasePasswordHasher {
      override readonly algorithm = 'plain';
      override readonly library = 'plain';
    }
    const error = await new PlainHasher().loadLibrary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HasherLibraryMissing);
    expect((error as Error).message).toContain("Couldn't load 'PlainHasher' algorithm library: ");
    expect((error as Error).message).toContain('npm install plain');
  });

  it('test_attributes', () => {
    expect(hasher.algorithm).toBeNull();
    expect(hasher.library).toBeNull();
  });

  it('test_encode', async () => {
    await expect(hasher.encode('password', 'salt')).rejects.toThrow(HasherNotImplemented);
    await expect(hasher.encode('password', 'salt')).rejects.toThrow(notImplementedMsg('an encode'));
  });

  it('test_decode', () => {
    expect(() => hasher.decode('encoded')).toThrow(HasherNotImplemented);
    expect(() => hasher.decode('encoded')).toThrow(notImplementedMsg('a decode'));
  });

  it('test_harden_runtime', async () => {
    const emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    await hasher.hardenRuntime('password', 'encoded');
    expect(emitWarning).toHaveBeenCalledWith('subclasses of BasePasswordHasher should provide a hardenRuntime() method');
  });

  it('test_must_update', () => {
    expect(hasher.mustUpdate('encoded')).toBe(false);
  });

  it('test_safe_summary', () => {
    expect(() => hasher.safeSummary('encoded')).toThrow(HasherNotImplemented);
    expect(() => hasher.safeSummary('encoded')).toThrow(notImplementedMsg('a safeSummary'));
  });

  it('test_verify', async () => {
    await expect(hasher.verify('password', 'encoded')).rejects.toThrow(HasherNotImplemented);
    await expect(hasher.verify('password', 'encoded')).rejects.toThrow(notImplementedMsg('a verify'));
  });
});

describe.skipIf(noArgon2)('TestUtilsHashPassArgon2', { timeout: 120_000 }, () => {
  type Argon2Costs = 'timeCost' | 'memoryCost' | 'parallelism';
  const argon2 = (): PasswordHasher & Record<Argon2Costs, number> => getHasher('argon2') as PasswordHasher & Record<Argon2Costs, number>;

  it('test_argon2', async () => {
    let encoded = await makePassword('lètmein', null, 'argon2');
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(encoded.startsWith('argon2$argon2id$')).toBe(true);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    expect(identifyHasher(encoded).algorithm).toBe('argon2');
    // Blank passwords
    const blankEncoded = await makePassword('', null, 'argon2');
    expect(blankEncoded.startsWith('argon2$argon2id$')).toBe(true);
    expect(isPasswordUsable(blankEncoded)).toBe(true);
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
    // Old hashes without version attribute
    encoded = 'argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg';
    expect(await checkPassword('secret', encoded)).toBe(true);
    expect(await checkPassword('wrong', encoded)).toBe(false);
    // Old hashes with version attribute.
    encoded = 'argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q';
    expect(await checkPassword('secret', encoded)).toBe(true);
    expect(await checkPassword('wrong', encoded)).toBe(false);
    // Salt entropy check.
    const hasher = argon2();
    const encodedWeakSalt = await makePassword('lètmein', 'iodizedsalt', 'argon2');
    const encodedStrongSalt = await makePassword('lètmein', hasher.salt(), 'argon2');
    expect(hasher.mustUpdate(encodedWeakSalt)).toBe(true);
    expect(hasher.mustUpdate(encodedStrongSalt)).toBe(false);
  });

  it('test_argon2_decode', async () => {
    const salt = 'abcdefghijk';
    const encoded = await makePassword('lètmein', salt, 'argon2');
    const hasher = argon2();
    const decoded = hasher.decode(encoded);
    expect(decoded.memoryCost).toBe(hasher.memoryCost);
    expect(decoded.parallelism).toBe(hasher.parallelism);
    expect(decoded.salt).toBe(salt);
    expect(decoded.timeCost).toBe(hasher.timeCost);
  });

  async function testArgon2Upgrade(attr: Argon2Costs, summaryKey: string, newValue: number): Promise<void> {
    const hasher = argon2();
    expect(hasher.algorithm).toBe('argon2');
    expect(hasher[attr]).not.toBe(newValue);

    const oldValue = hasher[attr];
    try {
      // Generate hash with attr set to 1
      hasher[attr] = newValue;
      const encoded = await makePassword('letmein', null, 'argon2');
      const attrValue = hasher.safeSummary(encoded)[summaryKey];
      expect(attrValue).toBe(newValue);

      const { state, setter } = upgradeRecorder();
      // No upgrade is triggered.
      expect(await checkPassword('letmein', encoded, setter, 'argon2')).toBe(true);
      expect(state.upgraded).toBe(false);

      // Revert to the old rounds count and ...
      hasher[attr] = oldValue;

      // ... check if the password would get updated to the new count.
      expect(await checkPassword('letmein', encoded, setter, 'argon2')).toBe(true);
      expect(state.upgraded).toBe(true);
    } finally {
      hasher[attr] = oldValue;
    }
  }

  it('test_argon2_upgrade', async () => {
    await testArgon2Upgrade('timeCost', 'time cost', 1);
    await testArgon2Upgrade('memoryCost', 'memory cost', 64);
    await testArgon2Upgrade('parallelism', 'parallelism', 1);
  });

  it('test_argon2_version_upgrade', async () => {
    const hasher = argon2();
    const { state, setter } = upgradeRecorder();
    const encoded = 'argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw';

    const [oldM, oldT, oldP] = [hasher.memoryCost, hasher.timeCost, hasher.parallelism];
    try {
      hasher.memoryCost = 8;
      hasher.timeCost = 1;
      hasher.parallelism = 1;
      expect(await checkPassword('secret', encoded, setter, 'argon2')).toBe(true);
      expect(state.upgraded).toBe(true);
    } finally {
      [hasher.memoryCost, hasher.timeCost, hasher.parallelism] = [oldM, oldT, oldP];
    }
  });
});

describe('TestUtilsHashPassScrypt', { timeout: 120_000 }, () => {
  type ScryptCosts = 'workFactor' | 'blockSize' | 'parallelism';
  const scrypt = (): PasswordHasher & Record<ScryptCosts, number> => getHasher('scrypt') as PasswordHasher & Record<ScryptCosts, number>;

  it('test_scrypt', async () => {
    const encoded = await makePassword('lètmein', 'seasalt', 'scrypt');
    expect(encoded).toBe('scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==');
    expect(isPasswordUsable(encoded)).toBe(true);
    expect(await checkPassword('lètmein', encoded)).toBe(true);
    expect(await checkPassword('lètmeinz', encoded)).toBe(false);
    expect(identifyHasher(encoded).algorithm).toBe('scrypt');
    // Blank passwords.
    const blankEncoded = await makePassword('', 'seasalt', 'scrypt');
    expect(blankEncoded.startsWith('scrypt$')).toBe(true);
    expect(isPasswordUsable(blankEncoded)).toBe(true);
    expect(await checkPassword('', blankEncoded)).toBe(true);
    expect(await checkPassword(' ', blankEncoded)).toBe(false);
  });

  it('test_scrypt_decode', async () => {
    const encoded = await makePassword('lètmein', 'seasalt', 'scrypt');
    const hasher = scrypt();
    const decoded = hasher.decode(encoded);
    const tests: Array<[string, unknown]> = [
      ['blockSize', hasher.blockSize],
      ['parallelism', hasher.parallelism],
      ['salt', 'seasalt'],
      ['workFactor', hasher.workFactor],
    ];
    for (const [key, expected] of tests) expect(decoded[key], key).toBe(expected);
  });

  async function testScryptUpgrade(attr: ScryptCosts, summaryKey: string, newValue: number): Promise<void> {
    const hasher = scrypt();
    expect(hasher.algorithm).toBe('scrypt');
    expect(hasher[attr]).not.toBe(newValue);

    const oldValue = hasher[attr];
    try {
      // Generate hash with attr set to the new value.
      hasher[attr] = newValue;
      const encoded = await makePassword('lètmein', 'seasalt', 'scrypt');
      const attrValue = hasher.safeSummary(encoded)[summaryKey];
      expect(attrValue).toBe(newValue);

      const { state, setter } = upgradeRecorder();
      // No update is triggered.
      expect(await checkPassword('lètmein', encoded, setter, 'scrypt')).toBe(true);
      expect(state.upgraded).toBe(false);
      // Revert to the old value.
      hasher[attr] = oldValue;
      // Password is updated.
      expect(await checkPassword('lètmein', encoded, setter, 'scrypt')).toBe(true);
      expect(state.upgraded).toBe(true);
    } finally {
      hasher[attr] = oldValue;
    }
  }

  it('test_scrypt_upgrade', async () => {
    const tests: Array<[ScryptCosts, string, number]> = [
      ['workFactor', 'work factor', 2 ** 11],
      ['blockSize', 'block size', 10],
      ['parallelism', 'parallelism', 2],
    ];
    for (const [attr, summaryKey, newValue] of tests) await testScryptUpgrade(attr, summaryKey, newValue);
  });
});
