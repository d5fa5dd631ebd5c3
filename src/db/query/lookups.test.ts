import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../errors.js';
import { fields } from '../fields/index.js';
import { escapeGlob, escapeLike, isLookupName, prepareLookupValue } from './lookups.js';

function named<F extends { name: string }>(field: F, name: string): F {
  field.name = name;
  return field;
}

const price = named(fields.IntegerField(), 'price');
const title = named(fields.CharField({ maxLength: 10 }), 'title');

describe('escapeLike', () => {
  test('escaping is undone by reading each backslash pair as its second character', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(escapeLike(s).replace(/\\(.)/gsu, '$1')).toBe(s);
    }));
  });

  test('no wildcard or lone backslash survives escaping', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '_', '\\', 'a', 'é') }), (s) => {
        expect(escapeLike(s).replace(/\\[\\%_]/g, '')).not.toMatch(/[%_\\]/);
      }),
    );
  });

  test('examples', () => {
    expect(escapeLike('100%_x\\')).toBe('100\\%\\_x\\\\');
  });
});

describe('escapeGlob', () => {
  test('each GLOB wildcard is bracketed, everything else is kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '?', '[', ']', 'a', 'ü') }), (s) => {
        const escaped = escapeGlob(s);
        expect(escaped.replace(/\[([*?[])\]/g, '')).not.toMatch(/[*?[]/);
        expect(escaped.replace(/\[([*?[])\]/g, '$1')).toBe(s);
      }),
    );
  });
});

describe('prepareLookupValue', () => {
  test('converts values with the field, so "5" filters an integer field as 5', () => {
    expect(prepareLookupValue(price, 'Book.price', 'exact', '5')).toBe(5);
    expect(prepareLookupValue(price, 'Book.price__in', 'in', new Set(['1', 2, null]))).toEqual([1, 2]);
    expect(prepareLookupValue(price, 'Book.price__range', 'range', [1, '3'])).toEqual([1, 3]);
    expect(prepareLookupValue(title, 'Book.title__contains', 'contains', 12)).toBe('12');
    expect(prepareLookupValue(title, 'Book.title', 'exact', null)).toBeNull();
  });

  const hostile: Array<[string, Parameters<typeof prepareLookupValue>[2], unknown]> = [
    ['a word for an integer', 'gt', 'abc'],
    ['a string for in', 'in', '1,2'],
    ['a number for in', 'in', 5],
    ['a string for isnull', 'isnull', 'true'],
    ['one bound for range', 'range', [1]],
    ['null for gt', 'gt', null],
    ['an object for contains', 'contains', { toString: () => 'x' }],
  ];
  test.each(hostile)('%s is a ValidationError keyed by the field', (_name, lookup, value) => {
    const field: { name: string } = lookup === 'contains' ? title : price;
    try {
      prepareLookupValue(field as typeof price, `Book.${field.name}__${lookup}`, lookup, value);
      expect.fail('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).errors)).toEqual([field.name]);
    }
  });

  test('lookup names are recognised exactly', () => {
    expect(isLookupName('icontains')).toBe(true);
    expect(isLookupName('ICONTAINS')).toBe(false);
    expect(isLookupName('like')).toBe(false);
  });
});
