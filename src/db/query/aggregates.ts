import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import type { CompileContext } from './context.js';
import { Expression, FieldRef } from './expressions.js';
import { resolvePath } from './joins.js';

type AggregateName = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

/** An SQL aggregate over one field of the model: Count, Sum, Avg, Min, Max. `T` is its result type. */
export class Aggregate<T = unknown> extends Expression {
  declare readonly resultType: T;
  readonly #source: Expression | '*';

  constructor(
    readonly functionName: AggregateName,
    source: string | Expression,
    readonly distinct = false,
  ) {
    super();
    this.#source = source === '*' ? '*' : typeof source === 'string' ? new FieldRef(source) : source;
  }

  override get containsAggregate(): boolean {
    return true;
  }

  /** Django's default alias when aggregate() is given the aggregate without a name: `price__sum`. */
  get defaultAlias(): string {
    const name = this.#source instanceof FieldRef ? this.#source.name : '*';
    return `${name === '*' ? '' : name}__${this.functionName.toLowerCase()}`;
  }

  check(model: ModelClass, annotations: ReadonlySet<string>): void {
    if (this.#source !== '*') this.#source.check(model, annotations);
  }

  override relationPaths(model: ModelClass, annotations: ReadonlySet<string>): string[] {
    return this.#source === '*' ? [] : this.#source.relationPaths(model, annotations);
  }

  compile(context: CompileContext): RawBuilder<unknown> {
    const inner = this.#source === '*' ? sql`*` : this.#source.compile({ ...context, annotationsByAlias: false });
    const fn = sql.raw(this.functionName);
    return this.distinct ? sql`${fn}(DISTINCT ${inner})` : sql`${fn}(${inner})`;
  }

  /** The driver's value as a number (or the field's type for Min/Max). */
  convert(value: unknown, model: ModelClass, connection: DatabaseWrapper, annotations?: ReadonlyMap<string, Expression>): T {
    if (value === null || value === undefined) return (this.functionName === 'COUNT' ? 0 : null) as T;
    // Max('n') over the annotation n = Count('book') answers in n's type.
    const inner = this.#source instanceof FieldRef ? annotations?.get(this.#source.name) : undefined;
    if (inner instanceof Aggregate && (this.functionName === 'MIN' || this.functionName === 'MAX')) return inner.convert(value, model, connection) as T;
    const field = this.#field(model);
    if (this.functionName === 'MIN' || this.functionName === 'MAX' || (this.functionName === 'SUM' && field?.internalType === 'DecimalField')) {
      return (field ? field.fromDb(value, connection) : value) as T;
    }
    // PostgreSQL answers COUNT/SUM as bigint strings and AVG as numeric strings.
    return Number(value) as T;
  }

  #field(model: ModelClass): Field | undefined {
    if (!(this.#source instanceof FieldRef)) return undefined;
    const name = this.#source.name;
    return model.meta.findField(name) ?? (name.includes('__') ? resolvePath(model, name)?.field : undefined);
  }
}

/** Number of rows (`'*'`) or of non-null values; `{ distinct: true }` counts distinct values. */
export function Count(field: string | Expression = '*', options: { distinct?: boolean } = {}): Aggregate<number> {
  return new Aggregate<number>('COUNT', field, options.distinct === true);
}

/**
 * The sum of a field, null over no rows.
 *
 * @example
 * const { total } = await Book.objects.aggregate({ total: Sum('price') });
 */
export function Sum(field: string | Expression): Aggregate<number | null> {
  return new Aggregate<number | null>('SUM', field);
}

/** The mean of a field, null over no rows. */
export function Avg(field: string | Expression): Aggregate<number | null> {
  return new Aggregate<number | null>('AVG', field);
}

/** The least value of a field, in the field's type. */
export function Min<T = unknown>(field: string | Expression): Aggregate<T | null> {
  return new Aggregate<T | null>('MIN', field);
}

/** The greatest value of a field, in the field's type. */
export function Max<T = unknown>(field: string | Expression): Aggregate<T | null> {
  return new Aggregate<T | null>('MAX', field);
}
