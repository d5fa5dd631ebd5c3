import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../db/errors.js';
import { CommonPasswordValidator } from './common-password.js';
import { MinimumLengthValidator } from './minimum-length.js';
import { NumericPasswordValidator } from './numeric.js';
import { UserAttributeSimilarityValidator } from './user-attribute-similarity.js';
import { validatePassword } from './validate.js';

/** The messages `fn` throws as a ValidationError (none when it passes). */
function messages(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).messages;
  }
}

describe('MinimumLengthValidator', () => {
  it('counts characters as Python does: an emoji or an astral letter is one', () => {
    const validator = new MinimumLengthValidator({ minLength: 8 });
    expect(messages(() => validator.validate('😀'.repeat(8)))).toEqual([]);
    expect(messages(() => validator.validate('😀'.repeat(7)))).toHaveLength(1);
    expect(messages(() => validator.validate('𝒜'.repeat(7) + '\0'))).toEqual([]);
  });

  it('says "character" for a minimum of one', () => {
    const validator = new MinimumLengthValidator({ minLength: 1 });
    expect(messages(() => validator.validate(''))).toEqual(['This password is too short. It must contain at least 1 character.']);
    expect(validator.getHelpText()).toBe('Your password must contain at least 1 character.');
  });

  it('refuses an option it does not take, naming the ones it does', () => {
    expect(() => new MinimumLengthValidator({ min_length: 12 } as never)).toThrow("MinimumLengthValidator() got an unexpected option 'min_length'; it takes 'minLength'.");
  });
});

describe('NumericPasswordValidator', () => {
  it("refuses what Python's isdigit() calls digits, in any script", () => {
    const validator = new NumericPasswordValidator();
    for (const password of ['42424242', '²³', '①②③', '١٢٣٤٥٦٧٨', '𝟏𝟐𝟑']) expect(messages(() => validator.validate(password)), password).toHaveLength(1);
    for (const password of ['', '12a', '1 2', '½', 'Ⅻ', '12\0']) expect(messages(() => validator.validate(password)), password).toEqual([]);
  });
});

describe('UserAttributeSimilarityValidator', () => {
  const user = { username: 'testclient', first_name: 'Test', last_name: 'Client', email: 'testclient@example.com', age: 42 };

  it('names a plain object’s attribute with underscores as spaces', () => {
    const validator = new UserAttributeSimilarityValidator({ userAttributes: ['first_name'], maxSimilarity: 0.3 });
    expect(messages(() => validator.validate('testclient', user))).toEqual(['The password is too similar to the first name.']);
  });

  it('compares each part of an attribute, without regard to case', () => {
    const validator = new UserAttributeSimilarityValidator();
    expect(messages(() => validator.validate('EXAMPLE', user))).toEqual(['The password is too similar to the email.']);
    expect(messages(() => validator.validate('correct horse battery', user))).toEqual([]);
  });

  it('passes over attributes that are missing, empty or not strings, and users that are absent', () => {
    const validator = new UserAttributeSimilarityValidator({ userAttributes: ['age', 'missing', 'empty', '__proto__'] });
    expect(messages(() => validator.validate('42', { ...user, empty: '' }))).toEqual([]);
    expect(messages(() => validator.validate('testclient', null))).toEqual([]);
    expect(messages(() => validator.validate('testclient'))).toEqual([]);
  });

  it('refuses a maxSimilarity below 0.1, or one that is not a number', () => {
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.09 })).toThrow("max_similarity must be at least 0.1 (UserAttributeSimilarityValidator's maxSimilarity is 0.09).");
    expect(() => new UserAttributeSimilarityValidator({ maxSimilarity: Number.NaN })).toThrow('max_similarity must be at least 0.1');
    expect(new UserAttributeSimilarityValidator({ maxSimilarity: 0.1 }).maxSimilarity).toBe(0.1);
  });

  it('keeps the attribute list it was given, frozen', () => {
    const attributes = ['username'];
    const validator = new UserAttributeSimilarityValidator({ userAttributes: attributes });
    attributes.push('email');
    expect(validator.userAttributes).toEqual(['username']);
    expect(Object.isFrozen(validator.userAttributes)).toBe(true);
  });

  it('checks a megabyte password against long attributes quickly', () => {
    const validator = new UserAttributeSimilarityValidator();
    const huge = 'a😀'.repeat(500_000);
    const started = performance.now();
    expect(messages(() => validator.validate(huge, { ...user, username: 'b'.repeat(200_000) }))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('validatePassword with the four validators', () => {
  const validators = [new MinimumLengthValidator(), new UserAttributeSimilarityValidator(), new CommonPasswordValidator(), new NumericPasswordValidator()];
  const codes = new Set(['password_too_short', 'password_too_similar', 'password_too_common', 'password_entirely_numeric']);

  it('answers every string, whatever its characters, with success or a ValidationError of known codes', async () => {
    const user = fc.record({ username: fc.string(), first_name: fc.string(), email: fc.string({ unit: 'binary' }) });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 64 }), user, async (password, who) => {
        try {
          await validatePassword(password, who, validators);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          for (const { code } of (error as ValidationError).errorList) expect(codes.has(code ?? '')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles a two-megabyte password, all digits or all spaces, in well under two seconds', async () => {
    for (const huge of ['7'.repeat(2_000_000), ' '.repeat(2_000_000) + 'x']) {
      const started = performance.now();
      const error = await validatePassword(huge, { username: 'u', email: 'u@example.com' }, validators).catch((e: unknown) => e);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(error === undefined || error instanceof ValidationError).toBe(true);
    }
  });

  it('gives every validator’s message, in order', async () => {
    const error = await validatePassword('1234', { username: '1234' }, validators).catch((e: unknown) => e);
    expect((error as ValidationError).messages).toEqual([
      'This password is too short. It must contain at least 8 characters.',
      'The password is too similar to the username.',
      'This password is too common.',
      'This password is entirely numeric.',
    ]);
  });
});
