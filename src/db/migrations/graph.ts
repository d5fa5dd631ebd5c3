import { InvalidMigrationGraph, MigrationConflict, UnknownMigration } from './errors.js';

/** A migration's key: `[appLabel, name]`, e.g. `['demo', '0001_initial']`. */
export type MigrationKey = readonly [app: string, name: string];

export const keyString = ([app, name]: MigrationKey): string => `${app}.${name}`;

/**
 * The dependency graph of every app's migrations: Django's MigrationGraph. Plans are topological
 * orders; ties break by app and name so a plan is the same on every machine.
 */
export class MigrationGraph {
  readonly #nodes = new Map<string, MigrationKey>();
  readonly #parents = new Map<string, Set<string>>();
  readonly #children = new Map<string, Set<string>>();

  addNode(key: MigrationKey): void {
    const id = keyString(key);
    this.#nodes.set(id, key);
    if (!this.#parents.has(id)) this.#parents.set(id, new Set());
    if (!this.#children.has(id)) this.#children.set(id, new Set());
  }

  /** `child` depends on `parent`; both must be nodes (checked by validate()). */
  addDependency(child: MigrationKey, parent: MigrationKey): void {
    const c = keyString(child);
    const p = keyString(parent);
    if (!this.#nodes.has(c)) throw new UnknownMigration(`Migration ${c} is not in the graph.`);
    if (!this.#nodes.has(p)) {
      throw new InvalidMigrationGraph(`Migration ${c} depends on nonexistent parent node ${JSON.stringify(parent)}.`);
    }
    this.#parents.get(c)!.add(p);
    this.#children.get(p)!.add(c);
  }

  has(key: MigrationKey): boolean {
    return this.#nodes.has(keyString(key));
  }

  get nodes(): MigrationKey[] {
    return [...this.#nodes.values()];
  }

  /** The migrations that depend directly on `key`. */
  childrenOf(key: MigrationKey): MigrationKey[] {
    return this.#sorted(this.#children.get(keyString(key)) ?? new Set()).map((id) => this.#nodes.get(id)!);
  }

  /** Everything `target` needs, itself last: the forwards plan to reach it. */
  forwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(target, this.#parents);
  }

  /** Everything that needs `target`, itself last (to be unapplied first-to-last). */
  backwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#walk(target, this.#children);
  }

  /** Each app's migrations that nothing in the same app depends on. */
  leafNodes(app?: string): MigrationKey[] {
    return this.nodes
      .filter(([a]) => app === undefined || a === app)
      .filter((key) => ![...this.#children.get(keyString(key))!].some((child) => this.#nodes.get(child)![0] === key[0]))
      .sort(compareKeys);
  }

  /** Each app's migrations with no parent in the same app. */
  rootNodes(app?: string): MigrationKey[] {
    return this.nodes
      .filter(([a]) => app === undefined || a === app)
      .filter((key) => ![...this.#parents.get(keyString(key))!].some((parent) => this.#nodes.get(parent)![0] === key[0]))
      .sort(compareKeys);
  }

  /** Apps with more than one leaf; makemigrations/migrate refuse to go on while there are any. */
  conflicts(): Map<string, string[]> {
    const byApp = new Map<string, string[]>();
    for (const [app, name] of this.leafNodes()) byApp.set(app, [...(byApp.get(app) ?? []), name]);
    return new Map([...byApp].filter(([, names]) => names.length > 1));
  }

  /** Throws MigrationConflict naming each app and its leaves, and InvalidMigrationGraph on a cycle. */
  validate(): void {
    const conflicts = this.conflicts();
    if (conflicts.size > 0) {
      const list = [...conflicts].map(([app, names]) => `${names.join(', ')} in ${app}`).join('; ');
      throw new MigrationConflict(`Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}). To fix them, merge the migrations.`);
    }
    for (const key of this.#nodes.values()) this.forwardsPlan(key);
  }

  /** The whole forwards plan for every node (each app's leaves), in a stable order. */
  fullPlan(): MigrationKey[] {
    const seen = new Set<string>();
    const plan: MigrationKey[] = [];
    for (const leaf of this.leafNodes()) {
      for (const key of this.forwardsPlan(leaf)) {
        if (!seen.has(keyString(key))) {
          seen.add(keyString(key));
          plan.push(key);
        }
      }
    }
    return plan;
  }

  // Depth-first post-order without recursion, so a long chain of migrations cannot overflow the stack.
  #walk(target: MigrationKey, edges: Map<string, Set<string>>): MigrationKey[] {
    const start = keyString(target);
    if (!this.#nodes.has(start)) throw new UnknownMigration(`Migration ${start} is not in the graph.`);
    const order: MigrationKey[] = [];
    const done = new Set<string>();
    const onPath = new Set<string>();
    const stack: Array<[string, string[]]> = [[start, this.#sorted(edges.get(start)!)]];
    onPath.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top[1].shift();
      if (next === undefined) {
        stack.pop();
        onPath.delete(top[0]);
        done.add(top[0]);
        order.push(this.#nodes.get(top[0])!);
      } else if (onPath.has(next)) {
        throw new InvalidMigrationGraph(`Circular dependency between migrations: ${[...onPath, next].join(' -> ')}.`);
      } else if (!done.has(next)) {
        onPath.add(next);
        stack.push([next, this.#sorted(edges.get(next)!)]);
      }
    }
    return order;
  }

  #sorted(ids: Set<string>): string[] {
    return [...ids].sort((a, b) => compareKeys(this.#nodes.get(a)!, this.#nodes.get(b)!));
  }
}

function compareKeys(a: MigrationKey, b: MigrationKey): number {
  return a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1;
}
