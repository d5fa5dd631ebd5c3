import { describe, expect, it } from 'vitest';
import { InvalidMigrationGraph, MigrationConflict } from './errors.js';
import { MigrationGraph } from './graph.js';
import type { MigrationKey } from './graph.js';

function graph(edges: Array<[MigrationKey, MigrationKey[]]>): MigrationGraph {
  const g = new MigrationGraph();
  for (const [key] of edges) g.addNode(key);
  for (const [key, parents] of edges) for (const parent of parents) g.addDependency(key, parent);
  return g;
}

const a1: MigrationKey = ['app_a', '0001_initial'];
const a2: MigrationKey = ['app_a', '0002_more'];
const a3: MigrationKey = ['app_a', '0003_last'];
const b1: MigrationKey = ['app_b', '0001_initial'];
const b2: MigrationKey = ['app_b', '0002_uses_a'];

describe('MigrationGraph', () => {
  const g = graph([[a1, []], [a2, [a1]], [a3, [a2, b2]], [b1, []], [b2, [b1, a1]]]);

  it('plans forwards with every dependency first', () => {
    expect(g.forwardsPlan(a3)).toEqual([a1, a2, b1, b2, a3]);
    expect(g.forwardsPlan(b2)).toEqual([a1, b1, b2]);
  });

  it('plans backwards with every dependant first', () => {
    expect(g.backwardsPlan(a1)).toEqual([a3, a2, b2, a1]);
  });

  it('finds leaves and roots per app', () => {
    expect(g.leafNodes()).toEqual([a3, b2]);
    expect(g.rootNodes('app_b')).toEqual([b1]);
  });

  it('a full plan covers every migration once, in dependency order', () => {
    const plan = g.fullPlan().map((k) => k.join('.'));
    expect(plan).toEqual(['app_a.0001_initial', 'app_a.0002_more', 'app_b.0001_initial', 'app_b.0002_uses_a', 'app_a.0003_last']);
  });

  it('reports two leaves in one app as a conflict to merge', () => {
    const conflicted = graph([[a1, []], [a2, [a1]], [['app_a', '0002_other'], [a1]]]);
    expect(() => conflicted.validate()).toThrow(MigrationConflict);
    expect(() => conflicted.validate()).toThrow(/0002_more, 0002_other in app_a/);
  });

  it('refuses a dependency on a migration that does not exist, naming both', () => {
    const g2 = new MigrationGraph();
    g2.addNode(a1);
    expect(() => g2.addDependency(a1, ['app_x', '0001_initial'])).toThrow(InvalidMigrationGraph);
    expect(() => g2.addDependency(a1, ['app_x', '0001_initial'])).toThrow(/app_a.0001_initial depends on nonexistent parent/);
  });

  it('detects a cycle', () => {
    const cyclic = graph([[a1, [a2]], [a2, [a1]]]);
    expect(() => cyclic.forwardsPlan(a1)).toThrow(/Circular dependency/);
  });

  it('walks a long chain without overflowing the stack', () => {
    const g3 = new MigrationGraph();
    const keys: MigrationKey[] = Array.from({ length: 20000 }, (_, i) => ['big', String(i).padStart(5, '0')]);
    for (const k of keys) g3.addNode(k);
    for (let i = 1; i < keys.length; i++) g3.addDependency(keys[i]!, keys[i - 1]!);
    expect(g3.forwardsPlan(keys[keys.length - 1]!)).toHaveLength(20000);
  });
});
