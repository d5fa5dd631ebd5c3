import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';

describe('ValidationError', () => {
  it('keeps one message with its code and params, and fills the placeholders in messages', () => {
    const error = new ValidationError('At least %(min_length)d characters, not %(got)s.', { code: 'too_short', params: { min_length: 8, got: 'abc' } });
    expect(error.code).toBe('E_VALIDATION');
    expect(error.errorList).toEqual([{ message: 'At least %(min_length)d characters, not %(got)s.', code: 'too_short', params: { min_length: 8, got: 'abc' } }]);
    expect(error.messages).toEqual(['At least 8 characters, not abc.']);
    expect(error.errors).toEqual({ __all__: ['At least 8 characters, not abc.'] });
    expect(error.message).toContain('At least 8 characters, not abc.');
  });

  it('gathers a list of messages and ValidationErrors, in order, keeping each code', () => {
    const first = new ValidationError('This password is too common.', { code: 'password_too_common' });
    const second = new ValidationError('Too short: %(n)d.', { code: 'password_too_short', params: { n: 12 } });
    const error = new ValidationError([first, second, 'plain']);
    expect(error.messages).toEqual(['This password is too common.', 'Too short: 12.', 'plain']);
    expect(error.errorList.map((e) => e.code)).toEqual(['password_too_common', 'password_too_short', undefined]);
    expect(new ValidationError(error).messages).toEqual(error.messages);
  });

  it('keeps messages by field, as before', () => {
    const error = new ValidationError({ name: ['This field cannot be blank.'], price: [new ValidationError('Bad %(v)s', { params: { v: 'x' } })] });
    expect(error.errors).toEqual({ name: ['This field cannot be blank.'], price: ['Bad x'] });
    expect(error.messages).toEqual(['This field cannot be blank.', 'Bad x']);
    expect(error.errorList).toHaveLength(2);
  });

  it('leaves text alone without params, and unknown placeholders as they are', () => {
    expect(new ValidationError('100% sure, %(x)s').messages).toEqual(['100% sure, %(x)s']);
    expect(new ValidationError('%(x)s and %(y)s, 5%%', { params: { x: 1 } }).messages).toEqual(['1 and %(y)s, 5%']);
    expect(new ValidationError('%(v)r', { params: { v: 'q' } }).messages).toEqual(["'q'"]);
  });

  it('passes the cause on', () => {
    const cause = new Error('driver');
    expect(new ValidationError('x', { cause }).cause).toBe(cause);
  });
});
