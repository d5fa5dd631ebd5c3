import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../db/errors.js';
import { CommonPasswordValidator } from './common-password.js';
import { InvalidPasswordValidatorOption } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'canter-common-passwords-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const refuses = (validator: CommonPasswordValidator, password: string): boolean => {
  try {
    validator.validate(password);
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errorList.map((e) => e.code)).toEqual(['password_too_common']);
    return true;
  }
};

describe('CommonPasswordValidator, built-in list', () => {
  const validator = new CommonPasswordValidator();

  it('refuses the passwords everyone tries first, whatever their case and surrounding whitespace', () => {
    for (const password of ['password', '123456', 'qwerty', 'letmein', 'PassWord', '  letmein\n', '\u3000qwerty\x1c']) {
      expect(refuses(validator, password), password).toBe(true);
    }
  });

  it('accepts a random password', () => {
    for (let i = 0; i < 20; i++) expect(refuses(validator, randomBytes(12).toString('base64url'))).toBe(false);
  });

  it('holds a list at least the size of Django’s 20,000, lower-cased, loaded once for every validator', () => {
    expect(validator.passwords.size).toBeGreaterThan(20_000);
    expect(new CommonPasswordValidator().passwords).toBe(validator.passwords);
  });

  it('takes hostile input without trouble', () => {
    expect(refuses(validator, 'pass\0word')).toBe(false);
    expect(refuses(validator, ' '.repeat(1_000_000) + 'x')).toBe(false);
    expect(refuses(validator, '\ud800')).toBe(false);
  });
});

describe('CommonPasswordValidator, passwordListPath', () => {
  it('reads a plain file of one password a line: CRLF or LF, stripped and lower-cased', () => {
    const validator = new CommonPasswordValidator({ passwordListPath: file('list.txt', 'From-My-List\r\n  spaced  \nlast') });
    expect([...validator.passwords]).toEqual(['from-my-list', 'spaced', 'last']);
    expect(refuses(validator, 'FROM-MY-LIST')).toBe(true);
    expect(refuses(validator, 'password')).toBe(false);
  });

  it('reads a gzipped file, as Django ships its own', () => {
    const validator = new CommonPasswordValidator({ passwordListPath: file('list.txt.gz', gzipSync('alpha\nbeta\n')) });
    expect([...validator.passwords]).toEqual(['alpha', 'beta']);
  });

  it('treats a blank line as the empty password, but not the newline ending the file (as Django does)', () => {
    expect([...new CommonPasswordValidator({ passwordListPath: file('end.txt', 'a\nb\n') }).passwords]).toEqual(['a', 'b']);
    const blank = new CommonPasswordValidator({ passwordListPath: file('blank.txt', 'a\n\nb\n') });
    expect(refuses(blank, '   ')).toBe(true);
  });

  it('fails when built, naming the path, when the file cannot be read', () => {
    const missing = join(dir, 'nope.txt.gz');
    expect(() => new CommonPasswordValidator({ passwordListPath: missing })).toThrow(InvalidPasswordValidatorOption);
    expect(() => new CommonPasswordValidator({ passwordListPath: missing })).toThrow(missing);
  });

  it('refuses an option it does not take', () => {
    expect(() => new CommonPasswordValidator({ password_list_path: 'x' } as never)).toThrow(TypeError);
  });

  const djangoList = '/usr/lib/python3/dist-packages/django/contrib/auth/common-passwords.txt.gz';
  it.skipIf(!existsSync(djangoList))("reads Django's own common-passwords.txt.gz (skipped where Debian's python3-django is not installed)", () => {
    const validator = new CommonPasswordValidator({ passwordListPath: djangoList });
    expect(validator.passwords.size).toBeGreaterThan(19_000);
    expect(refuses(validator, 'godzilla')).toBe(true);
    expect(refuses(validator, 'a-safe-password')).toBe(false);
  });
});
