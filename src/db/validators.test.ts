import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import {
  decimalValidator,
  maxLengthValidator,
  maxValueValidator,
  minLengthValidator,
  minValueValidator,
  urlValidator,
  validateEmail,
  validateSlug,
  validateUrl,
} from './validators.js';

function messageOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.values((error as ValidationError).errors).flat().join(' ');
  }
}

describe('length and value validators', () => {
  it('uses Django\'s messages with the limit and the actual length', () => {
    expect(messageOf(() => maxLengthValidator(64)('x'.repeat(70)))).toBe('Ensure this value has at most 64 characters (it has 70).');
    expect(messageOf(() => maxLengthValidator(1)('ab'))).toBe('Ensure this value has at most 1 character (it has 2).');
    expect(messageOf(() => minLengthValidator(3)('ab'))).toBe('Ensure this value has at least 3 characters (it has 2).');
    expect(messageOf(() => maxLengthValidator(3)('abc'))).toBeUndefined();
  });

  it('compares numbers, bigints, numeric strings and Dates', () => {
    expect(messageOf(() => minValueValidator(1)(0))).toBe('Ensure this value is greater than or equal to 1.');
    expect(messageOf(() => maxValueValidator(100)(101))).toBe('Ensure this value is less than or equal to 100.');
    expect(messageOf(() => maxValueValidator(9007199254740993n)(9007199254740994n))).toContain('9007199254740993');
    expect(messageOf(() => maxValueValidator('10.5')('9.75'))).toBeUndefined();
    expect(messageOf(() => minValueValidator(new Date('2020-01-01T00:00:00Z'))(new Date('2019-12-31T23:59:59Z')))).toContain('2020-01-01');
  });
});

describe('validateEmail', () => {
  it.each(['ann@example.com', 'first.last+tag@sub.example.co.uk', 'root@localhost', '"john..doe"@example.com', '"a\\ b"@example.com', 'x@[127.0.0.1]', 'x@[::1]', 'ann@exämple.de'])(
    'accepts %s',
    (email) => expect(messageOf(() => validateEmail(email))).toBeUndefined(),
  );

  it.each(['', 'plain', '@example.com', 'ann@', 'ann@example', 'ann@-example.com', 'ann@example-.com', 'a..b@example.com', 'ann@exa mple.com', 'ann@[999.1.1.1]', `${'a'.repeat(320)}@example.com`, 'ann\n@example.com', '"quoted user"@example.com', 'x@[IPv6:::1]'])(
    'refuses %j with Django\'s message',
    (email) => expect(messageOf(() => validateEmail(email))).toBe('Enter a valid email address.'),
  );
});

describe('validateSlug and URLs', () => {
  it('accepts letters, digits, hyphens and underscores only', () => {
    expect(messageOf(() => validateSlug('my-first_post2'))).toBeUndefined();
    expect(messageOf(() => validateSlug('no spaces'))).toBe('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');
    expect(messageOf(() => validateSlug(''))).toBeDefined();
  });

  it.each(['http://example.com', 'https://example.com/a/b?c=d#e', 'ftp://user:pw@files.example.org:21/x', 'http://localhost:8000/', 'http://127.0.0.1/', 'http://[::1]:80/', 'https://xn--bcher-kva.example/', 'https://bücher.example/'])(
    'accepts %s',
    (url) => expect(messageOf(() => validateUrl(url))).toBeUndefined(),
  );

  it.each(['example.com', 'javascript:alert(1)', 'http://', 'http://example', 'http://exa mple.com', 'http://256.1.1.1/', 'http://example.com:99999/', 'mailto:a@b.com', `http://example.com/${'a'.repeat(2100)}`])(
    'refuses %j',
    (url) => expect(messageOf(() => validateUrl(url))).toBe('Enter a valid URL.'),
  );

  it('limits schemes when asked', () => {
    expect(messageOf(() => urlValidator(['https'])('http://example.com'))).toBe('Enter a valid URL.');
    expect(messageOf(() => urlValidator(['https'])('https://example.com'))).toBeUndefined();
  });
});

describe('decimalValidator', () => {
  const check = decimalValidator(5, 2);
  it('counts digits as Django does', () => {
    expect(messageOf(() => check('123.45'))).toBeUndefined();
    expect(messageOf(() => check('0.05'))).toBeUndefined();
    expect(messageOf(() => check('-999.99'))).toBeUndefined();
    expect(messageOf(() => check('1234.56'))).toBe('Ensure that there are no more than 5 digits in total.');
    expect(messageOf(() => check('1.234'))).toBe('Ensure that there are no more than 2 decimal places.');
    expect(messageOf(() => check('1234.5'))).toBe('Ensure that there are no more than 3 digits before the decimal point.');
    expect(messageOf(() => check('abc'))).toBe('“abc” value must be a decimal number.');
    expect(messageOf(() => check('.'))).toBeDefined();
  });
});

describe('hostile input', () => {
  it('is answered quickly, without catastrophic backtracking', () => {
    const started = performance.now();
    const inputs = [
      `http://${'a'.repeat(2040)}!`,
      `http://${'a-'.repeat(120)}.${'1'.repeat(100)}`,
      `http://${'a@'.repeat(1000)}`,
      `${'a.'.repeat(150)}@${'a.'.repeat(80)}-`,
      `"${'\\\\'.repeat(150)}@example.com`,
      `${'x'.repeat(100)}@${'x-'.repeat(100)}`,
    ];
    for (const input of inputs) {
      expect(messageOf(() => validateUrl(input))).toBeDefined();
      expect(messageOf(() => validateEmail(input))).toBeDefined();
      messageOf(() => validateSlug(input));
      messageOf(() => decimalValidator(5, 2)(input));
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});
