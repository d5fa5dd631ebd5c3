/**
 * Django's tests/auth_tests/test_tokens.py, ported. `User.objects.create_user(...)` becomes a
 * plain user object with the same fields (the token generator reads only pk, password,
 * last_login and the email field); a reload from the database is a copy of it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PasswordResetTokenGenerator, type TokenUser } from '../../../src/auth/index.js';
import { configureSettings, defineSettings, getSettings, ImproperlyConfigured, overrideSettings } from '../../../src/conf/index.js';

const PASSWORD_HASH = 'pbkdf2_sha256$1000000$tokensalt$2QSuDLx4VpPn2xx3j7mw/hXqaTrZdDGaEImhzqQsgS0=';
let nextPk = 1;

/** A user as User.objects.create_user(username, email, password) leaves it: never logged in. */
function createUser(_username: string, email: string | null, _password: string): TokenUser & { email: string | null } {
  return { pk: nextPk++, password: PASSWORD_HASH, last_login: null, email };
}

/** Django's tests' CustomEmailField model: the address lives in `email_address`. */
function createCustomEmailFieldUser(email: string | null): TokenUser & { email_address: string | null } {
  return { pk: nextPk++, password: PASSWORD_HASH, last_login: null, email_address: email, getEmailFieldName: () => 'email_address' };
}

class MockedPasswordResetTokenGenerator extends PasswordResetTokenGenerator {
  readonly #now: Date;

  constructor(now: Date) {
    super();
    this.#now = now;
  }

  protected override now(): Date {
    return this.#now;
  }
}

const seconds = (at: Date, n: number): Date => new Date(at.getTime() + n * 1000);

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'django-tests-secret-key' }));
});

describe('TokenGeneratorTest', () => {
  it('test_make_token', () => {
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const p0 = new PasswordResetTokenGenerator();
    const tk1 = p0.makeToken(user);
    expect(p0.checkToken(user, tk1)).toBe(true);
  });

  it('test_10265: the token generated for a user created in the same request will work correctly', () => {
    const user = { ...createUser('comebackkid', 'test3@example.com', 'testpw'), last_login: new Date('2024-05-06T07:08:09.123Z') };
    // The reload comes from a database that keeps no microseconds.
    const userReload = { ...user, last_login: new Date('2024-05-06T07:08:09.000Z') };
    const p0 = new MockedPasswordResetTokenGenerator(new Date());
    const tk1 = p0.makeToken(user);
    const tk2 = p0.makeToken(userReload);
    expect(tk1).toBe(tk2);
  });

  it('test_token_with_different_email: updating the user email address invalidates the token', () => {
    const tests: Array<[string, () => TokenUser]> = [
      ['CustomEmailField, null', () => createCustomEmailFieldUser(null)],
      ['CustomEmailField, test4@example.com', () => createCustomEmailFieldUser('test4@example.com')],
      ['User, test4@example.com', () => createUser('changeemailuser', 'test4@example.com', 'testpw')],
    ];
    for (const [subTest, create] of tests) {
      const user = create() as TokenUser & Record<string, unknown>;
      const p0 = new PasswordResetTokenGenerator();
      const tk1 = p0.makeToken(user);
      expect(p0.checkToken(user, tk1), subTest).toBe(true);
      user[user.getEmailFieldName?.() ?? 'email'] = 'test4new@example.com';
      expect(p0.checkToken(user, tk1), subTest).toBe(false);
    }
  });

  it('test_timeout: the token is valid after n seconds, but no greater', () => {
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const now = new Date();
    const p0 = new MockedPasswordResetTokenGenerator(now);
    const tk1 = p0.makeToken(user);
    const p1 = new MockedPasswordResetTokenGenerator(seconds(now, getSettings().PASSWORD_RESET_TIMEOUT));
    expect(p1.checkToken(user, tk1)).toBe(true);
    const p2 = new MockedPasswordResetTokenGenerator(seconds(now, getSettings().PASSWORD_RESET_TIMEOUT + 1));
    expect(p2.checkToken(user, tk1)).toBe(false);
    overrideSettings({ PASSWORD_RESET_TIMEOUT: 60 * 60 }, () => {
      const p3 = new MockedPasswordResetTokenGenerator(seconds(now, getSettings().PASSWORD_RESET_TIMEOUT));
      expect(p3.checkToken(user, tk1)).toBe(true);
      const p4 = new MockedPasswordResetTokenGenerator(seconds(now, getSettings().PASSWORD_RESET_TIMEOUT + 1));
      expect(p4.checkToken(user, tk1)).toBe(false);
    });
  });

  it('test_check_token_with_nonexistent_token_and_user', () => {
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const p0 = new PasswordResetTokenGenerator();
    const tk1 = p0.makeToken(user);
    expect(p0.checkToken(null, tk1)).toBe(false);
    expect(p0.checkToken(user, null)).toBe(false);
  });

  it('test_token_with_different_secret: a valid token can be made with a secret other than SECRET_KEY', () => {
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const newSecret = 'abcdefghijkl';
    // Create and check a token with a different secret.
    const p0 = new PasswordResetTokenGenerator();
    p0.secret = newSecret;
    const tk0 = p0.makeToken(user);
    expect(p0.checkToken(user, tk0)).toBe(true);
    // Create and check a token with the default secret.
    const p1 = new PasswordResetTokenGenerator();
    expect(p1.secret).toBe(getSettings().SECRET_KEY);
    expect(p1.secret).not.toBe(newSecret);
    const tk1 = p1.makeToken(user);
    // Tokens created with a different secret don't validate.
    expect(p0.checkToken(user, tk1)).toBe(false);
    expect(p1.checkToken(user, tk0)).toBe(false);
  });

  it('test_token_with_different_secret_subclass', () => {
    class CustomPasswordResetTokenGenerator extends PasswordResetTokenGenerator {
      constructor() {
        super();
        this.secret = 'test-secret';
      }
    }
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const customPasswordGenerator = new CustomPasswordResetTokenGenerator();
    const tkCustom = customPasswordGenerator.makeToken(user);
    expect(customPasswordGenerator.checkToken(user, tkCustom)).toBe(true);

    const defaultPasswordGenerator = new PasswordResetTokenGenerator();
    expect(customPasswordGenerator.secret).not.toBe(defaultPasswordGenerator.secret);
    expect(defaultPasswordGenerator.secret).toBe(getSettings().SECRET_KEY);
    // Tokens created with a different secret don't validate.
    const tkDefault = defaultPasswordGenerator.makeToken(user);
    expect(customPasswordGenerator.checkToken(user, tkDefault)).toBe(false);
    expect(defaultPasswordGenerator.checkToken(user, tkCustom)).toBe(false);
  });

  it('test_secret_lazy_validation', () => {
    // Canter refuses an empty SECRET_KEY with DEBUG off when the settings are defined.
    overrideSettings({ SECRET_KEY: '', DEBUG: true }, () => {
      const defaultTokenGenerator = new PasswordResetTokenGenerator();
      expect(() => defaultTokenGenerator.secret).toThrow(ImproperlyConfigured);
      expect(() => defaultTokenGenerator.secret).toThrow('The SECRET_KEY setting must not be empty.');
    });
  });

  it('test_check_token_secret_fallbacks', () => {
    const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
    const p1 = new PasswordResetTokenGenerator();
    p1.secret = 'secret';
    const tk = p1.makeToken(user);
    const p2 = new PasswordResetTokenGenerator();
    p2.secret = 'newsecret';
    p2.secretFallbacks = ['secret'];
    expect(p1.checkToken(user, tk)).toBe(true);
    expect(p2.checkToken(user, tk)).toBe(true);
  });

  it('test_check_token_secret_key_fallbacks', () => {
    overrideSettings({ SECRET_KEY: 'secret', SECRET_KEY_FALLBACKS: ['oldsecret'] }, () => {
      const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
      const p1 = new PasswordResetTokenGenerator();
      p1.secret = 'oldsecret';
      const tk = p1.makeToken(user);
      const p2 = new PasswordResetTokenGenerator();
      expect(p2.checkToken(user, tk)).toBe(true);
    });
  });

  it('test_check_token_secret_key_fallbacks_override', () => {
    overrideSettings({ SECRET_KEY: 'secret', SECRET_KEY_FALLBACKS: ['oldsecret'] }, () => {
      const user = createUser('tokentestuser', 'test2@example.com', 'testpw');
      const p1 = new PasswordResetTokenGenerator();
      p1.secret = 'oldsecret';
      const tk = p1.makeToken(user);
      const p2 = new PasswordResetTokenGenerator();
      p2.secretFallbacks = [];
      expect(p2.checkToken(user, tk)).toBe(false);
    });
  });
});
