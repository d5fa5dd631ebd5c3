import type { Expression } from './expressions.js';
import type { WhereNode } from './where.js';

/** Everything a QuerySet says about its query; QuerySets copy it, never change it. */
export interface QueryState {
  readonly where: readonly WhereNode[];
  /** Conditions on aggregate annotations. */
  readonly having: readonly WhereNode[];
  /** null: the model's Meta.ordering; [] after orderBy() with no names. */
  readonly ordering: readonly string[] | null;
  readonly low: number;
  readonly high: number | null;
  readonly distinct: boolean;
  readonly distinctFields: readonly string[];
  readonly annotations: ReadonlyMap<string, Expression>;
  /** How many filter() conditions came before each annotation: an annotation reuses their joins, as Django's. */
  readonly annotationWhereCounts: ReadonlyMap<string, number>;
  /** Names selected by values()/valuesList(); null for model instances. */
  readonly values: readonly string[] | null;
  /** none(): no query is run at all. */
  readonly empty: boolean;
  readonly forUpdate: boolean;
  /** selectRelated() paths, parents first ('author', 'author__publisher'). */
  readonly selectRelated: readonly string[];
  /** prefetchRelated() lookups, run as one extra query each after the main one. */
  readonly prefetchRelated: readonly string[];
}

export const INITIAL_STATE: QueryState = Object.freeze({
  where: [],
  having: [],
  ordering: null,
  low: 0,
  high: null,
  distinct: false,
  distinctFields: [],
  annotations: new Map(),
  annotationWhereCounts: new Map(),
  values: null,
  empty: false,
  forUpdate: false,
  selectRelated: [],
  prefetchRelated: [],
});

export function isSliced(state: QueryState): boolean {
  return state.low !== 0 || state.high !== null;
}

/** The ordering in force: explicit, else the model's default. */
export function effectiveOrdering(state: QueryState, defaultOrdering: readonly string[]): readonly string[] {
  return state.ordering ?? defaultOrdering;
}

/** '-price' ↔ 'price'; '?' stays random. */
export function reverseOrdering(ordering: readonly string[]): string[] {
  return ordering.map((term) => (term === '?' ? term : term.startsWith('-') ? term.slice(1) : `-${term}`));
}
