import { beforeAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { configureSettings, defineSettings, getSettings, overrideSettings } from '../../conf/settings/index.js';
import { ValidationError } from '../../db/errors.js';
import { isSafe } from '../../templates/safe.js';
import { checkPasswordValidators } from './checks.js';
import { CommonPasswordValidator } from './common-password.js';
import { getDefaultPasswordValidators } from './defaults.js';
import { UnknownPasswordValidator } from './errors.js';
import { MinimumLengthValidator } from './minimum-length.js';
import { NumericPasswordValidator } from './numeric.js';
import { getPasswordValidators } from './registry.js';
import type { PasswordValidator } from './types.js';
import { UserAttributeSimilarityValidator } from './user-attribute-similarity.js';
import { passwordChanged, passwordValidatorsHelpTextHtml, passwordValidatorsHelpTexts, validatePassword } from './validate.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'password-validation-tests' }));
});

class NoSpacesValidator implements PasswordValidator {
  constructor(readonly options: object = {}) {}

  validate(password: string): void {
    if (password.includes(' ')) throw new ValidationError('No spaces, please.', { code: 'password_has_spaces' });
  }

  getHelpText(): string {
    return 'Your password can’t contain <spaces>.';
  }
}

describe('getPasswordValidators', () => {
  it('takes a class, a short name or a Django path, with OPTIONS written as in Canter or as in Django', () => {
    const validators = getPasswordValidators([
      { NAME: NoSpacesValidator, OPTIONS: { some_option: 1 } },
      { NAME: 'MinimumLengthValidator', OPTIONS: { minLength: 10 } },
      { NAME: 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator', OPTIONS: { user_attributes: ['email'], max_similarity: 0.5 } },
      { NAME: 'CommonPasswordValidator' },
      { NAME: 'django.contrib.auth.password_validation.NumericPasswordValidator', OPTIONS: {} },
    ]);
    expect(validators.map((v) => v.constructor)).toEqual([NoSpacesValidator, MinimumLengthValidator, UserAttributeSimilarityValidator, CommonPasswordValidator, NumericPasswordValidator]);
    expect((validators[0] as NoSpacesValidator).options).toEqual({ someOption: 1 });
    expect((validators[1] as MinimumLengthValidator).minLength).toBe(10);
    expect((validators[2] as UserAttributeSimilarityValidator).userAttributes).toEqual(['email']);
    expect((validators[2] as UserAttributeSimilarityValidator).maxSimilarity).toBe(0.5);
  });

  it('refuses a NAME it does not know, naming it and the names it knows', () => {
    for (const NAME of ['MinimumLength', 'canter.auth.Nope', '', 42, undefined]) {
      let caught: unknown;
      try {
        getPasswordValidators([{ NAME } as never]);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnknownPasswordValidator);
      expect(caught).toBeInstanceOf(ImproperlyConfigured);
      expect((caught as Error).message).toContain(`could not be imported: ${String(NAME)}.`);
      expect((caught as Error).message).toContain('MinimumLengthValidator, UserAttributeSimilarityValidator, CommonPasswordValidator, NumericPasswordValidator');
    }
  });

  it('lets a validator refuse a misspelt option', () => {
    expect(() => getPasswordValidators([{ NAME: 'MinimumLengthValidator', OPTIONS: { min_lenght: 3 } }])).toThrow(
      "MinimumLengthValidator() got an unexpected option 'minLenght'; it takes 'minLength'.",
    );
    expect(() => getPasswordValidators([{ NAME: 'NumericPasswordValidator', OPTIONS: { x: 1 } }])).toThrow('it takes no options');
  });
});

describe('getDefaultPasswordValidators', () => {
  it('builds the validators once per value of AUTH_PASSWORD_VALIDATORS', () => {
    const config = [{ NAME: 'MinimumLengthValidator', OPTIONS: { min_length: 12 } }];
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: config }, () => {
      const first = getDefaultPasswordValidators();
      expect(getPasswordValidators(getSettings().AUTH_PASSWORD_VALIDATORS)[0]).toBeInstanceOf(MinimumLengthValidator);
      expect(getDefaultPasswordValidators()).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      overrideSettings({ DEBUG: true }, () => expect(getDefaultPasswordValidators()).toBe(first));
      overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: 'NumericPasswordValidator' }] }, () => {
        expect(getDefaultPasswordValidators()[0]).toBeInstanceOf(NumericPasswordValidator);
      });
    });
  });

  it('is empty by default, as in Django', () => {
    expect(getDefaultPasswordValidators()).toEqual([]);
  });

  it('is built by the start-up check, which stops on a bad entry', () => {
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: 'MinimumLengthValidator' }] }, () => {
      checkPasswordValidators();
      expect(getDefaultPasswordValidators()[0]).toBeInstanceOf(MinimumLengthValidator);
    });
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: 'NoSuchValidator' }] }, () => {
      expect(() => checkPasswordValidators()).toThrow(UnknownPasswordValidator);
    });
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: 'CommonPasswordValidator', OPTIONS: { password_list_path: '/nonexistent/list.txt.gz' } }] }, () => {
      expect(() => checkPasswordValidators()).toThrow("CommonPasswordValidator's passwordListPath \"/nonexistent/list.txt.gz\" cannot be read");
    });
  });

  it('refuses a setting that is not a list', () => {
    overrideSettings({ AUTH_PASSWORD_VALIDATORS: 'MinimumLengthValidator' as never }, () => {
      expect(() => getDefaultPasswordValidators()).toThrow(ImproperlyConfigured);
      expect(() => getDefaultPasswordValidators()).toThrow('AUTH_PASSWORD_VALIDATORS must be a list');
    });
  });
});

describe('validatePassword and passwordChanged', () => {
  it('waits for a validator that answers with a Promise, and gathers its messages with the others', async () => {
    const slow = {
      async validate(password: string): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (password.startsWith('p')) throw new ValidationError('Found in a breach.', { code: 'password_pwned' });
      },
    };
    const error = await validatePassword('pass', null, [slow, new MinimumLengthValidator()]).catch((e: unknown) => e);
    expect((error as ValidationError).errorList.map((e) => e.code)).toEqual(['password_pwned', 'password_too_short']);
    await expect(validatePassword('quite long enough', null, [slow])).resolves.toBeUndefined();
  });

  it('refuses a password that is not a string', async () => {
    await expect(validatePassword(null as never, null, [])).rejects.toThrow('validatePassword() takes the password as a string, not null.');
    await expect(validatePassword(12345678 as never, null, [])).rejects.toThrow(TypeError);
  });

  it('lets an error that is not a ValidationError through', async () => {
    const broken = { validate: (): void => { throw new RangeError('broken validator'); } };
    await expect(validatePassword('x', null, [new MinimumLengthValidator(), broken])).rejects.toThrow(RangeError);
  });

  it('uses AUTH_PASSWORD_VALIDATORS when no validators are given', async () => {
    await overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: NoSpacesValidator }] }, async () => {
      await expect(validatePassword('with space')).rejects.toThrow('No spaces, please.');
      expect(passwordValidatorsHelpTexts()).toEqual(['Your password can’t contain <spaces>.']);
    });
  });

  it('tells each validator that has passwordChanged, in order, waiting for each', async () => {
    const told: string[] = [];
    const validators = [
      { passwordChanged: async (password: string): Promise<void> => { await Promise.resolve(); told.push(`a:${password}`); } },
      {},
      { passwordChanged: (password: string): void => { told.push(`b:${password}`); } },
    ];
    await passwordChanged('new', null, validators);
    expect(told).toEqual(['a:new', 'b:new']);
  });
});

describe('passwordValidatorsHelpTextHtml', () => {
  it('escapes each help text and marks the list safe', () => {
    const html = passwordValidatorsHelpTextHtml([new NoSpacesValidator(), new MinimumLengthValidator({ minLength: 2 })]);
    expect(isSafe(html)).toBe(true);
    expect(String(html)).toBe('<ul><li>Your password can’t contain &lt;spaces&gt;.</li><li>Your password must contain at least 2 characters.</li></ul>');
    expect(String(passwordValidatorsHelpTextHtml([]))).toBe('');
  });
});
