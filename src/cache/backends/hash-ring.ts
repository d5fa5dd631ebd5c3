import { createHash } from 'node:crypto';

/** Points each node puts on the circle: libketama's 40 MD5 digests of 4 points each. */
export const DEFAULT_POINTS_PER_NODE = 160;

/**
 * A consistent-hashing ring (ketama-style): each node puts many points on a 32-bit circle, and
 * a key belongs to the node of the first point at or after the key's hash. Adding a node takes
 * about 1/N of the keys, all of them to the new node; removing one moves only the keys it held.
 * A point is the little-endian 32-bit word of `md5("<node>-<i>")`, four per digest, and a key's
 * hash the first word of `md5(key)`, as in libketama. Immutable: `with`/`without` build new rings.
 *
 * @example
 * const ring = new HashRing(['10.0.0.1:11211', '10.0.0.2:11211']);
 * ring.nodeFor('session:abc'); // '10.0.0.2:11211'
 */
export class HashRing {
  readonly nodes: readonly string[];
  readonly pointsPerNode: number;
  /** The points, sorted; owners[i] is the index in `nodes` of the node that put points[i]. */
  readonly #points: Uint32Array;
  readonly #owners: Uint32Array;

  constructor(nodes: Iterable<string>, pointsPerNode = DEFAULT_POINTS_PER_NODE) {
    const list = [...nodes];
    if (new Set(list).size !== list.length) throw new RangeError(`A hash ring's nodes must be distinct; got ${JSON.stringify(list)}.`);
    if (!Number.isSafeInteger(pointsPerNode) || pointsPerNode < 1) {
      throw new RangeError(`pointsPerNode must be a whole number ≥ 1; got ${pointsPerNode}.`);
    }
    this.nodes = Object.freeze(list);
    this.pointsPerNode = pointsPerNode;
    const entries: Array<{ point: number; owner: number }> = [];
    list.forEach((node, owner) => {
      let digest = md5(`${node}-0`);
      for (let p = 0; p < pointsPerNode; p++) {
        if (p > 0 && p % 4 === 0) digest = md5(`${node}-${p / 4}`);
        entries.push({ point: digest.readUInt32LE((p % 4) * 4), owner });
      }
    });
    // Equal points are ordered by node name, not by position in the list, so that adding or
    // removing another node never changes which of two colliding nodes wins.
    entries.sort((a, b) => a.point - b.point || compare(list[a.owner] as string, list[b.owner] as string));
    this.#points = Uint32Array.from(entries, (e) => e.point);
    this.#owners = Uint32Array.from(entries, (e) => e.owner);
  }

  /** The index in `nodes` of the node that holds key. */
  indexFor(key: string): number {
    const points = this.#points;
    if (points.length === 0) throw new RangeError('A hash ring with no nodes holds no keys.');
    const hash = md5(key).readUInt32LE(0);
    // The first point ≥ hash, wrapping to the first point past the top of the circle.
    let low = 0;
    let high = points.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((points[mid] as number) < hash) low = mid + 1;
      else high = mid;
    }
    return this.#owners[low === points.length ? 0 : low] as number;
  }

  /** The node that holds key. */
  nodeFor(key: string): string {
    return this.nodes[this.indexFor(key)] as string;
  }

  /** A ring with one more node. */
  with(node: string): HashRing {
    return new HashRing([...this.nodes, node], this.pointsPerNode);
  }

  /** A ring without a node. */
  without(node: string): HashRing {
    return new HashRing(
      this.nodes.filter((n) => n !== node),
      this.pointsPerNode,
    );
  }
}

function md5(text: string): Buffer {
  return createHash('md5').update(text).digest();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
