/**
 * Django's tests/auth_tests/test_validators.py (the password-validation part), ported.
 *
 * `User.objects.create_user(...)` becomes an unsaved canter/auth `User` with the same values: the
 * similarity validator reads only the attributes and the fields' verbose names (`email` is the
 * "email address"), so what it sees is the same, without a database. The tests not ported are
 * listed, with the reason, in README.md beside this file.
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CommonPasswordValidator,
  InvalidPasswordValidatorOption,
  MinimumLengthValidator,
  NumericPasswordValidator,
  User,
  UserAttributeSimilarityValidator,
  getDefaultPasswordValidators,
  getPasswordValidators,
  passwordChanged,
  passwordValidatorsHelpTextHtml,
  passwordValidatorsHelpTexts,
  unicodeUsernameValidator,
  validatePassword,
} from '../../../src/auth/index.js';
import { configureSettings, defineSettings, ImproperlyConfigured, overrideSettings } from '../../../src/conf/index.js';
import { defineModel, ValidationError } from '../../../src/db/index.js';
import { conditionalEscape } from '../../../src/templates/index.js';

/**
 * User.objects.create_user(...) without the database: an unsaved User holds the same attributes,
 * and the validator reads nothing else (the attributes, and the User fields' verbose names).
 */
function createUser(values: { username: string; password: string; email: string; first_name: string; last_name: string }): User {
  return new User(values);
}

/** The ValidationError `fn` throws (Django's assertRaises(ValidationError) as cm). */
function raises(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('no ValidationError was thrown');
}

async function rejects(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'django-tests-secret-key' }));
});

const PASSWORD_VALIDATION_SETTINGS = {
  AUTH_PASSWORD_VALIDATORS: [
    { NAME: 'django.contrib.auth.password_validation.CommonPasswordValidator' },
    { NAME: 'django.contrib.auth.password_validation.MinimumLengthValidator', OPTIONS: { min_length: 12 } },
  ],
};

/** The class's @override_settings: every test runs with these settings, restored afterwards. */
function withSettings<T>(fn: () => T): T {
  return overrideSettings(PASSWORD_VALIDATION_SETTINGS, fn);
}

describe('PasswordValidationTest', () => {
  it('test_get_default_password_validators', () => {
    withSettings(() => {
      const validators = getDefaultPasswordValidators();
      expect(validators).toHaveLength(2);
      expect(validators[0]!.constructor.name).toBe('CommonPasswordValidator');
      expect(validators[1]!.constructor.name).toBe('MinimumLengthValidator');
      expect((validators[1] as MinimumLengthValidator).minLength).toBe(12);
    });
  });

  it('test_get_password_validators_custom', () => {
    withSettings(() => {
      const validatorConfig = [{ NAME: 'django.contrib.auth.password_validation.CommonPasswordValidator' }];
      const validators = getPasswordValidators(validatorConfig);
      expect(validators).toHaveLength(1);
      expect(validators[0]!.constructor.name).toBe('CommonPasswordValidator');

      expect(getPasswordValidators([])).toEqual([]);
    });
  });

  it('test_get_password_validators_custom_invalid', () => {
    withSettings(() => {
      const validatorConfig = [{ NAME: 'json.tool' }];
      const msg = 'The module in NAME could not be imported: json.tool. Check your AUTH_PASSWORD_VALIDATORS setting.';
      expect(() => getPasswordValidators(validatorConfig)).toThrow(ImproperlyConfigured);
      expect(() => getPasswordValidators(validatorConfig)).toThrow(msg);
    });
  });

  it('test_validate_password', async () => {
    await withSettings(async () => {
      expect(await validatePassword('sufficiently-long')).toBeUndefined();
      const msgTooShort = 'This password is too short. It must contain at least 12 characters.';

      let cm = await rejects(validatePassword('django4242'));
      expect(cm.messages).toEqual([msgTooShort]);
      expect(cm.errorList[0]!.code).toBe('password_too_short');

      cm = await rejects(validatePassword('password'));
      expect(cm.messages).toEqual(['This password is too common.', msgTooShort]);
      expect(cm.errorList[0]!.code).toBe('password_too_common');

      expect(await validatePassword('password', null, [])).toBeUndefined();
    });
  });

  it('test_password_changed', async () => {
    await withSettings(async () => {
      expect(await passwordChanged('password')).toBeUndefined();
    });
  });

  it('test_password_changed_with_custom_validator', async () => {
    class Validator {
      password: string | undefined;
      user: object | null | undefined;

      passwordChanged(password: string, user?: object | null): void {
        this.password = password;
        this.user = user;
      }
    }

    const user = {};
    const validator = new Validator();
    await passwordChanged('password', user, [validator]);
    expect(validator.user).toBe(user);
    expect(validator.password).toBe('password');
  });

  it('test_password_validators_help_texts', () => {
    withSettings(() => {
      const helpTexts = passwordValidatorsHelpTexts();
      expect(helpTexts).toHaveLength(2);
      expect(helpTexts[1]).toContain('12 characters');

      expect(passwordValidatorsHelpTexts([])).toEqual([]);
    });
  });

  it('test_password_validators_help_text_html', () => {
    withSettings(() => {
      const helpText = String(passwordValidatorsHelpTextHtml());
      expect(helpText.split('<li>').length - 1).toBe(2);
      expect(helpText).toContain('12 characters');
    });
  });

  it('test_password_validators_help_text_html_escaping', () => {
    class AmpersandValidator {
      getHelpText(): string {
        return 'Must contain &';
      }
    }

    const helpText = passwordValidatorsHelpTextHtml([new AmpersandValidator()]);
    expect(String(helpText)).toBe('<ul><li>Must contain &amp;</li></ul>');
    // helpText is marked safe and therefore unchanged by conditionalEscape().
    expect(String(conditionalEscape(helpText))).toBe(String(helpText));
  });

  it('test_empty_password_validator_help_text_html', () => {
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: [] }, () => {
      expect(String(passwordValidatorsHelpTextHtml())).toBe('');
    });
  });
});

describe('MinimumLengthValidatorTest', () => {
  it('test_validate', () => {
    const expectedError = (n: number): string => `This password is too short. It must contain at least ${n} characters.`;
    expect(new MinimumLengthValidator().validate('12345678')).toBeUndefined();
    expect(new MinimumLengthValidator({ minLength: 3 }).validate('123')).toBeUndefined();

    let cm = raises(() => new MinimumLengthValidator().validate('1234567'));
    expect(cm.messages).toEqual([expectedError(8)]);
    let error = cm.errorList[0]!;
    expect(error.code).toBe('password_too_short');
    expect(error.params).toEqual({ min_length: 8 });

    cm = raises(() => new MinimumLengthValidator({ minLength: 3 }).validate('12'));
    expect(cm.messages).toEqual([expectedError(3)]);
    error = cm.errorList[0]!;
    expect(error.code).toBe('password_too_short');
    expect(error.params).toEqual({ min_length: 3 });
  });

  it('test_help_text', () => {
    expect(new MinimumLengthValidator().getHelpText()).toBe('Your password must contain at least 8 characters.');
  });

  it('test_custom_error', () => {
    class CustomMinimumLengthValidator extends MinimumLengthValidator {
      override getErrorMessage(): string {
        return `Your password must be ${this.minLength} characters long`;
      }
    }

    const expectedError = (n: number): string => `Your password must be ${n} characters long`;

    const cm = raises(() => new CustomMinimumLengthValidator().validate('1234567'));
    expect(cm.message).toContain(expectedError(8));
    expect(cm.errorList[0]!.code).toBe('password_too_short');

    expect(raises(() => new CustomMinimumLengthValidator({ minLength: 3 }).validate('12')).message).toContain(expectedError(3));
  });
});

describe('UserAttributeSimilarityValidatorTest', () => {
  const userValues = { username: 'testclient', password: 'password', email: 'testclient@example.com', first_name: 'Test', last_name: 'Client' };

  it('test_validate', () => {
    const user = createUser(userValues);
    const expectedError = (name: string): string => `The password is too similar to the ${name}.`;

    expect(new UserAttributeSimilarityValidator().validate('testclient')).toBeUndefined();

    let cm = raises(() => new UserAttributeSimilarityValidator().validate('testclient', user));
    expect(cm.messages).toEqual([expectedError('username')]);
    expect(cm.errorList[0]!.code).toBe('password_too_similar');

    cm = raises(() => new UserAttributeSimilarityValidator().validate('example.com', user));
    expect(cm.messages).toEqual([expectedError('email address')]);

    cm = raises(() => new UserAttributeSimilarityValidator({ userAttributes: ['first_name'], maxSimilarity: 0.3 }).validate('testclient', user));
    expect(cm.messages).toEqual([expectedError('first name')]);
    // maxSimilarity=1 doesn't allow passwords that are identical to the attribute's value.
    cm = raises(() => new UserAttributeSimilarityValidator({ userAttributes: ['first_name'], maxSimilarity: 1 }).validate(user.first_name, user));
    expect(cm.messages).toEqual([expectedError('first name')]);
    // Very low maxSimilarity is rejected.
    const msg = 'max_similarity must be at least 0.1';
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.09 })).toThrow(InvalidPasswordValidatorOption);
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.09 })).toThrow(msg);
    // Passes validation.
    expect(new UserAttributeSimilarityValidator({ userAttributes: ['first_name'] }).validate('testclient', user)).toBeUndefined();
  });

  it('test_validate_property', () => {
    class TestUser extends defineModel('auth_tests_validators.TestUser', {}) {
      get username(): string {
        return 'foobar';
      }
    }

    const cm = raises(() => new UserAttributeSimilarityValidator().validate('foobar', new TestUser()));
    expect(cm.messages).toEqual(['The password is too similar to the username.']);
  });

  it('test_help_text', () => {
    expect(new UserAttributeSimilarityValidator().getHelpText()).toBe('Your password can’t be too similar to your other personal information.');
  });

  it('test_custom_error', () => {
    class CustomUserAttributeSimilarityValidator extends UserAttributeSimilarityValidator {
      override getErrorMessage(): string {
        return 'The password is too close to the %(verbose_name)s.';
      }
    }

    const user = createUser(userValues);

    const expectedError = (name: string): string => `The password is too close to the ${name}.`;

    expect(raises(() => new CustomUserAttributeSimilarityValidator().validate('testclient', user)).message).toContain(expectedError('username'));
  });

  it('test_custom_error_verbose_name_not_used', () => {
    class CustomUserAttributeSimilarityValidator extends UserAttributeSimilarityValidator {
      override getErrorMessage(): string {
        return 'The password is too close to a user attribute.';
      }
    }

    const user = createUser(userValues);

    const expectedError = 'The password is too close to a user attribute.';

    expect(raises(() => new CustomUserAttributeSimilarityValidator().validate('testclient', user)).message).toContain(expectedError);
  });
});

describe('CommonPasswordValidatorTest', () => {
  it('test_validate', () => {
    const expectedError = 'This password is too common.';
    expect(new CommonPasswordValidator().validate('a-safe-password')).toBeUndefined();

    const cm = raises(() => new CommonPasswordValidator().validate('godzilla'));
    expect(cm.messages).toEqual([expectedError]);
  });

  it('test_validate_custom_list', () => {
    const path = fileURLToPath(new URL('./common-passwords-custom.txt', import.meta.url));
    const validator = new CommonPasswordValidator({ passwordListPath: path });
    const expectedError = 'This password is too common.';
    expect(validator.validate('a-safe-password')).toBeUndefined();

    const cm = raises(() => validator.validate('from-my-custom-list'));
    expect(cm.messages).toEqual([expectedError]);
    expect(cm.errorList[0]!.code).toBe('password_too_common');
  });

  it('test_validate_django_supplied_file', () => {
    const validator = new CommonPasswordValidator();
    for (const password of validator.passwords) {
      expect(password).toBe(password.toLowerCase());
    }
  });

  it('test_help_text', () => {
    expect(new CommonPasswordValidator().getHelpText()).toBe('Your password can’t be a commonly used password.');
  });

  it('test_custom_error', () => {
    class CustomCommonPasswordValidator extends CommonPasswordValidator {
      override getErrorMessage(): string {
        return 'This password has been used too much.';
      }
    }

    const expectedError = 'This password has been used too much.';

    expect(raises(() => new CustomCommonPasswordValidator().validate('godzilla')).message).toContain(expectedError);
  });
});

describe('NumericPasswordValidatorTest', () => {
  it('test_validate', () => {
    const expectedError = 'This password is entirely numeric.';
    expect(new NumericPasswordValidator().validate('a-safe-password')).toBeUndefined();

    const cm = raises(() => new NumericPasswordValidator().validate('42424242'));
    expect(cm.messages).toEqual([expectedError]);
    expect(cm.errorList[0]!.code).toBe('password_entirely_numeric');
  });

  it('test_help_text', () => {
    expect(new NumericPasswordValidator().getHelpText()).toBe('Your password can’t be entirely numeric.');
  });

  it('test_custom_error', () => {
    class CustomNumericPasswordValidator extends NumericPasswordValidator {
      override getErrorMessage(): string {
        return 'This password is all digits.';
      }
    }

    const expectedError = 'This password is all digits.';

    expect(raises(() => new CustomNumericPasswordValidator().validate('42424242')).message).toContain(expectedError);
  });
});

describe('UsernameValidatorsTests', () => {
  // canter/db's convention: a validator returns nothing for a value it accepts and the message
  // for one it refuses (Django's raises ValidationError with that message).
  it('test_unicode_validator', () => {
    const validUsernames = ['joe', 'René', 'ᴮᴵᴳᴮᴵᴿᴰ', 'أحمد'];
    const invalidUsernames = ["o'connell", 'عبد ال', 'zerowidth\u200bspace', 'nonbreaking\u00a0space', 'en\u2013dash', 'trailingnewline\u000a'];
    const v = unicodeUsernameValidator;
    for (const valid of validUsernames) {
      expect(v(valid), valid).toBeUndefined();
    }
    for (const invalid of invalidUsernames) {
      expect(v(invalid), invalid).toBe('Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.');
    }
  });
});
