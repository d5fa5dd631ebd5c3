import { describe, expect, test } from 'vitest';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import { Field } from '../fields/field.js';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import { F } from './expressions.js';
import { Q } from './q.js';
import { resolveWhere } from './where.js';

/** Stands in for a ForeignKey until relations land: a relation field with an `_id` column. */
class StubRelation extends Field<number> {
  readonly internalType = 'ForeignKey';
  override readonly isRelation = true;

  override get attname(): string {
    return `${this.name}_id`;
  }

  toJs(value: unknown): number | null {
    return value === null ? null : Number(value);
  }
}

class Review extends defineModel('qwhere.Review', { text: fields.TextField(), book: new StubRelation() }) {}

describe('resolving filter keys (no database needed)', () => {
  test('a chain through a relation is refused with a NotSupportedError naming the relation', () => {
    expect(() => Review.objects.filter({ book__title__icontains: 'x' })).toThrow(NotSupportedError);
    expect(() => Review.objects.filter({ book__title__icontains: 'x' })).toThrow(/relation Review\.book \('book__title__icontains'\).*book_id/);
  });

  test('a relation compared directly, by lookup or by attname, resolves to its column', () => {
    const leaves = resolveWhere(Q({ book: 3, book__in: ['4'], book_id__isnull: false }), Review, new Map()).children;
    expect(leaves.map((leaf) => leaf.kind === 'leaf' && [leaf.field?.column, leaf.lookup, leaf.value])).toEqual([
      ['book_id', 'exact', 3],
      ['book_id', 'in', [4]],
      ['book_id', 'isnull', false],
    ]);
  });

  test('an empty key part and a trailing __ are unknown fields or lookups', () => {
    expect(() => Review.objects.filter({ __text: 1 } as never)).toThrow(FieldDoesNotExist);
    expect(() => Review.objects.filter({ text__: 1 })).toThrow(/Unsupported lookup ''/);
    expect(() => Review.objects.filter({ text__exact__exact: 1 })).toThrow(/Unsupported lookup 'exact__exact'/);
  });

  test('F() names are checked when the filter is built', () => {
    expect(() => Review.objects.filter({ text: F('nope') })).toThrow(/Cannot resolve keyword 'nope' into a field of Review/);
    expect(() => Review.objects.filter({ text__in: F('text') })).toThrow(NotSupportedError);
  });

  test('annotations may be filtered; annotating over a field name is refused', () => {
    expect(() => Review.objects.annotate({ text: F('book') })).toThrow(/conflicts with a field on Review/);
  });
});
