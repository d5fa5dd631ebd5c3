/** A filter argument: `{ title__icontains: 'django' }`. */
export type Kwargs = Readonly<Record<string, unknown>>;

type Child = QNode | readonly [key: string, value: unknown];

/**
 * A filter condition that can be combined: Django's Q object. TypeScript has no `|`/`&`/`~` on
 * objects, so they are methods: `a.or(b)`, `a.and(b)`, `a.not()`, or `Q.or(a, b)`, `Q.not(a)`.
 */
export class QNode {
  readonly children: readonly Child[];
  readonly connector: 'AND' | 'OR';
  readonly negated: boolean;

  constructor(children: readonly Child[], connector: 'AND' | 'OR' = 'AND', negated = false) {
    this.children = Object.freeze([...children]);
    this.connector = connector;
    this.negated = negated;
    Object.freeze(this);
  }

  and(...others: readonly QNode[]): QNode {
    return combine([this, ...others], 'AND');
  }

  or(...others: readonly QNode[]): QNode {
    return combine([this, ...others], 'OR');
  }

  not(): QNode {
    return new QNode(this.children, this.connector, !this.negated);
  }

  get isEmpty(): boolean {
    return this.children.length === 0;
  }

  toString(): string {
    const inner = this.children
      .map((child) => (child instanceof QNode ? child.toString() : `${child[0]}=${JSON.stringify(child[1])}`))
      .join(` ${this.connector} `);
    return `${this.negated ? 'NOT ' : ''}(${inner})`;
  }
}

function combine(nodes: readonly QNode[], connector: 'AND' | 'OR'): QNode {
  const useful = nodes.filter((node) => !node.isEmpty);
  if (useful.length === 1) return useful[0]!;
  // Flatten same-connector, non-negated operands so a.or(b).or(c) stays one level deep.
  const children = useful.flatMap((node) => (node.connector === connector && !node.negated ? node.children : [node]));
  return new QNode(children, connector);
}

/**
 * Builds a Q object from filter arguments; several keys are AND-ed.
 *
 * @example
 * Book.objects.filter(Q({ price__lt: 10 }).or(Q({ title__startswith: 'Dj' })));
 */
export function Q(kwargs: Kwargs = {}): QNode {
  return new QNode(Object.entries(kwargs).map(([key, value]) => [key, value] as const));
}

/** AND of several Q objects. */
Q.and = (...nodes: readonly QNode[]): QNode => combine(nodes, 'AND');
/** OR of several Q objects. */
Q.or = (...nodes: readonly QNode[]): QNode => combine(nodes, 'OR');
/** The negation of a Q object. */
Q.not = (node: QNode): QNode => node.not();

/** The type of Q objects. */
export type Q = QNode;
