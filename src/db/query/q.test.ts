import { describe, expect, test } from 'vitest';
import { Q, QNode } from './q.js';

describe('Q', () => {
  test('several keys are AND-ed in one node', () => {
    const q = Q({ a: 1, b__gt: 2 });
    expect(q.connector).toBe('AND');
    expect(q.children).toEqual([['a', 1], ['b__gt', 2]]);
  });

  test('or() of ors flattens to one level; and() inside or() stays nested', () => {
    const q = Q({ a: 1 }).or(Q({ b: 2 })).or(Q({ c: 3 }));
    expect(q.connector).toBe('OR');
    expect(q.children).toHaveLength(3);
    const mixed = Q.or(Q({ a: 1 }), Q.and(Q({ b: 2 }), Q({ c: 3 })));
    expect(mixed.children[1]).toBeInstanceOf(QNode);
    expect(mixed.toString()).toBe('((a=1) OR (b=2 AND c=3))');
  });

  test('not() negates without changing the original, and twice is the original', () => {
    const q = Q({ a: 1 });
    expect(q.not().negated).toBe(true);
    expect(q.negated).toBe(false);
    expect(Q.not(q.not()).negated).toBe(false);
    expect(q.not().toString()).toBe('NOT (a=1)');
  });

  test('a negated operand is kept whole when combined', () => {
    const q = Q({ a: 1 }).not().or(Q({ b: 2 }));
    expect(q.children[0]).toMatchObject({ negated: true });
  });

  test('empty Q objects vanish from combinations', () => {
    expect(Q().isEmpty).toBe(true);
    const q = Q.and(Q(), Q({ a: 1 }));
    expect(q.children).toEqual([['a', 1]]);
  });

  test('Q objects are frozen', () => {
    const q = Q({ a: 1 });
    expect(Object.isFrozen(q)).toBe(true);
    expect(Object.isFrozen(q.children)).toBe(true);
  });
});
