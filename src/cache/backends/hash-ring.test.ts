import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashRing } from './hash-ring.js';

const KEYS = Array.from({ length: 3000 }, (_, i) => `:1:key-${i}`);

/** Server names as memcached LOCATIONs: distinct, 1–8 of them. */
const servers = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(
    fc.oneof(
      fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `${host}:${port}`),
      fc.stringMatching(/^\/tmp\/[a-z0-9]{1,12}\.sock$/).map((path) => `unix:${path}`),
    ),
    { minLength: min, maxLength: max },
  );

function placement(ring: HashRing): string[] {
  return KEYS.map((key) => ring.nodeFor(key));
}

describe('HashRing', () => {
  it('puts every key on one of its nodes, the same one each time', () => {
    const ring = new HashRing(['a:1', 'b:2', 'c:3']);
    for (const key of KEYS.slice(0, 100)) {
      expect(ring.nodes).toContain(ring.nodeFor(key));
      expect(ring.nodeFor(key)).toBe(new HashRing(['a:1', 'b:2', 'c:3']).nodeFor(key));
      expect(ring.nodes[ring.indexFor(key)]).toBe(ring.nodeFor(key));
    }
  });

  it('gives a key to the node of the first point at or after its md5 hash, as libketama does (property)', () => {
    // A naive reference: every node's 160 points are the little-endian words of md5("<node>-<i>").
    const reference = (nodes: readonly string[], key: string): string => {
      const points = nodes.flatMap((node) =>
        Array.from({ length: 40 }, (_, i) => md5(`${node}-${i}`)).flatMap((digest) => [0, 4, 8, 12].map((at) => ({ at: digest.readUInt32LE(at), node }))),
      );
      const hash = md5(key).readUInt32LE(0);
      const after = points.filter((p) => p.at >= hash);
      const pick = (list: typeof points): string => list.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.node < a.node) ? b : a)).node;
      return pick(after.length > 0 ? after : points);
    };
    fc.assert(
      fc.property(servers(1, 5), fc.string({ minLength: 1, maxLength: 40 }), (nodes, key) => {
        expect(new HashRing(nodes).nodeFor(key)).toBe(reference(nodes, key));
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on the order the nodes are listed in (property)', () => {
    const listings = servers(2, 6).chain((nodes) =>
      fc.tuple(fc.constant(nodes), fc.shuffledSubarray(nodes, { minLength: nodes.length, maxLength: nodes.length })),
    );
    fc.assert(
      fc.property(listings, ([nodes, shuffled]) => {
        expect(placement(new HashRing(shuffled))).toStrictEqual(placement(new HashRing(nodes)));
      }),
      { numRuns: 20 },
    );
  });

  it('spreads keys roughly evenly', () => {
    const nodes = ['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211', '10.0.0.4:11211'];
    const counts = new Map<string, number>();
    for (const node of placement(new HashRing(nodes))) counts.set(node, (counts.get(node) ?? 0) + 1);
    for (const node of nodes) {
      const share = (counts.get(node) ?? 0) / KEYS.length;
      expect(share).toBeGreaterThan(0.25 * 0.6);
      expect(share).toBeLessThan(0.25 * 1.4);
    }
  });

  it('adding a server moves only about 1/N of the keys, all of them to the new server (property)', () => {
    fc.assert(
      fc.property(servers(2, 8), (all) => {
        const added = all[all.length - 1] as string;
        const before = placement(new HashRing(all.slice(0, -1)));
        const after = placement(new HashRing(all.slice(0, -1)).with(added));
        let moved = 0;
        before.forEach((node, i) => {
          if (after[i] === node) return;
          moved++;
          expect(after[i]).toBe(added);
        });
        const fair = 1 / all.length;
        expect(moved / KEYS.length).toBeGreaterThan(fair * 0.4);
        expect(moved / KEYS.length).toBeLessThan(fair * 1.6 + 0.02);
      }),
      { numRuns: 50 },
    );
  });

  it('removing a server moves only the keys it held (property)', () => {
    fc.assert(
      fc.property(servers(2, 8), fc.nat(), (all, pick) => {
        const removed = all[pick % all.length] as string;
        const before = placement(new HashRing(all));
        const after = placement(new HashRing(all).without(removed));
        before.forEach((node, i) => {
          if (node === removed) expect(after[i]).not.toBe(removed);
          else expect(after[i]).toBe(node);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('refuses duplicate nodes, and a ring with no node holds no key', () => {
    expect(() => new HashRing(['a:1', 'a:1'])).toThrow(/distinct/);
    expect(() => new HashRing([]).nodeFor('k')).toThrow(/no nodes/);
    expect(() => new HashRing(['a:1'], 0)).toThrow(/pointsPerNode/);
  });
});

function md5(text: string): Buffer {
  return createHash('md5').update(text).digest();
}
