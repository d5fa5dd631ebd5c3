import type { Model } from '../models/model.js';
import type { Expression } from './expressions.js';

type OwnKeys<M> = Exclude<
  { [K in keyof M]-?: M[K] extends (...args: never[]) => unknown ? never : K }[keyof M],
  keyof Model | symbol | number
>;

/**
 * The field names of a model instance type (and `pk`). For the bare `Model` type, whose fields
 * are unknown to the compiler, any string.
 */
export type FieldName<M> = [OwnKeys<M>] extends [never] ? string : OwnKeys<M> | 'pk';

/**
 * Filter arguments: a field name (exact) or `field__lookup`; a misspelt field name is a compile
 * error, the part after `__` is checked at run time (lookups, and relations to come).
 */
export type FilterArgs<M> = { readonly [K in FieldName<M> as K | `${K}__${string}`]?: unknown } & {
  // Reverse relations (`book__title` on Author) are not in the instance type; a key with `__` is checked at run time.
  readonly [path: `${string}__${string}`]: unknown;
};

/** The value type of a field name on M. */
export type ValueOf<M, K> = K extends keyof M ? M[K] : unknown;

/** update() arguments: values of the fields' types, or expressions computed in SQL. */
export type UpdateArgs<M> = { readonly [K in FieldName<M>]?: ValueOf<M, K> | Expression };

/** Field values for create(): any subset of the fields. */
export type CreateArgs<M> = { readonly [K in FieldName<M>]?: ValueOf<M, K> };

/** A row of values(…names). */
export type ValuesRow<M, K extends string> = { [P in K]: ValueOf<M, P> };

/** A row of valuesList(…names). */
export type ValuesTuple<M, K extends readonly string[]> = { -readonly [I in keyof K]: ValueOf<M, K[I]> };

/** A name across relations, `author__name` or `book__title`: checked at run time. */
export type RelationPath = `${string}__${string}`;
