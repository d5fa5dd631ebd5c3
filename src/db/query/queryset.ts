import { NotSupportedError } from '../errors.js';
import type { Model, ModelClass } from '../models/model.js';
import type { Aggregate } from './aggregates.js';
import { buildSelect, checkOrderingTerm, checkSelectNames, selectedNames } from './compiler.js';
import { DEFAULT_DB_ALIAS, connectionFor, runQuery } from './execute.js';
import type { Expression } from './expressions.js';
import { prefetchRelatedObjects } from './prefetch.js';
import { Q, QNode } from './q.js';
import * as reads from './reads.js';
import { attachSelectRelated, joinSelectRelated, nonNullRelations, normalizeSelectRelated, planSelectRelated } from './select-related.js';
import { convertRows } from './rows.js';
import type { RowKind } from './rows.js';
import { INITIAL_STATE, effectiveOrdering, isSliced, reverseOrdering } from './state.js';
import type { QueryState } from './state.js';
import type { CreateArgs, FieldName, FilterArgs, RelationPath, UpdateArgs, ValueOf, ValuesRow, ValuesTuple } from './types.js';
import { refersToAggregate, resolveWhere } from './where.js';
import * as writes from './writes.js';
import type { BulkCreateOptions, CreateDefaults, DeleteResult } from './writes.js';

type Condition<M> = FilterArgs<M> | QNode;
type Annotated<M, A> = M & { [K in keyof A]: A[K] extends Aggregate<infer T> ? T : unknown };

/** Django's MAX_GET_RESULTS: get() fetches at most this many rows to report how many it found. */
const MAX_GET_RESULTS = 21;

/**
 * A lazy, immutable query over one model: Django's QuerySet. Every method returns a new
 * QuerySet; nothing runs until it is awaited, iterated, or asked for a count, a row or a write.
 * `R` is what a row becomes: the model instance, or what values()/valuesList() chose.
 *
 * @example
 * const cheap = await Book.objects.filter({ price__lt: 20 }).orderBy('-price').slice(0, 10);
 * for await (const book of Book.objects.exclude({ title__icontains: 'draft' })) console.log(book.title);
 */
export class QuerySet<M extends Model, R = M> implements PromiseLike<R[]>, AsyncIterable<R> {
  readonly model: ModelClass;
  readonly #state: QueryState;
  readonly #alias: string | null;
  readonly #kind: RowKind;
  #result: Promise<R[]> | undefined;

  constructor(model: ModelClass, state: QueryState = INITIAL_STATE, alias: string | null = null, kind: RowKind = 'model') {
    this.model = model;
    this.#state = state;
    this.#alias = alias;
    this.#kind = kind;
  }

  /** The database alias the query will run on. */
  get db(): string {
    return this.#alias ?? DEFAULT_DB_ALIAS;
  }

  /** True when the rows come in a defined order (orderBy() or Meta.ordering). */
  get ordered(): boolean {
    return effectiveOrdering(this.#state, this.model.meta.ordering).length > 0;
  }

  /** The state, for the write operations and for relations building on QuerySets. */
  get state(): QueryState {
    return this.#state;
  }

  #clone<R2 = R>(changes: Partial<QueryState>, kind: RowKind = this.#kind, alias = this.#alias): QuerySet<M, R2> {
    return new QuerySet<M, R2>(this.model, { ...this.#state, ...changes }, alias, kind);
  }

  #refuseSliced(what: string): void {
    if (isSliced(this.#state)) throw new NotSupportedError(`Cannot ${what} a query once a slice has been taken (${this.model.meta.objectName}).`);
  }

  all(): QuerySet<M, R> {
    return this.#clone({});
  }

  /** Rows matching every condition (AND); each condition is filter arguments or a Q object. */
  filter(...conditions: Array<Condition<M>>): QuerySet<M, R> {
    return this.#addWhere(conditions, false);
  }

  /** Rows not matching the conditions (NOT of their AND). */
  exclude(...conditions: Array<Condition<M>>): QuerySet<M, R> {
    return this.#addWhere(conditions, true);
  }

  #addWhere(conditions: ReadonlyArray<Condition<M>>, negate: boolean): QuerySet<M, R> {
    this.#refuseSliced('filter');
    let q = Q.and(...conditions.map((c) => (c instanceof QNode ? c : Q(c as Record<string, unknown>))));
    if (q.isEmpty) return this.#clone({});
    if (negate) q = q.not();
    const node = resolveWhere(q, this.model, this.#state.annotations);
    return refersToAggregate(node, this.#state.annotations)
      ? this.#clone({ having: [...this.#state.having, node] })
      : this.#clone({ where: [...this.#state.where, node] });
  }

  /** The one row matching; `Model.DoesNotExist` or `Model.MultipleObjectsReturned` otherwise. */
  async get(...conditions: Array<Condition<M>>): Promise<R> {
    let qs = conditions.length > 0 ? this.filter(...conditions) : this.#clone({});
    if (!isSliced(qs.#state)) qs = qs.#clone({ ordering: [], high: MAX_GET_RESULTS });
    const rows = await qs;
    const name = this.model.meta.objectName;
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0) throw new this.model.DoesNotExist(`${name} matching query does not exist.`);
    const count = rows.length === MAX_GET_RESULTS ? `more than ${MAX_GET_RESULTS - 1}` : String(rows.length);
    throw new this.model.MultipleObjectsReturned(`get() returned more than one ${name} -- it returned ${count}!`);
  }

  orderBy(...terms: Array<FieldName<M> | `-${FieldName<M>}` | '?' | RelationPath | `-${RelationPath}`>): QuerySet<M, R> {
    this.#refuseSliced('reorder');
    const names = new Set(this.#state.annotations.keys());
    for (const term of terms) checkOrderingTerm(this.model, term, names);
    return this.#clone({ ordering: [...terms] });
  }

  /** The current ordering reversed (Meta.ordering included). */
  reverse(): QuerySet<M, R> {
    this.#refuseSliced('reverse');
    return this.#clone({ ordering: reverseOrdering(effectiveOrdering(this.#state, this.model.meta.ordering)) });
  }

  /** SELECT DISTINCT; field names give PostgreSQL's DISTINCT ON. */
  distinct(...fields: Array<FieldName<M>>): QuerySet<M, R> {
    for (const name of fields) this.model.meta.getField(name);
    return this.#clone({ distinct: true, distinctFields: fields });
  }

  /** Rows as plain objects of the named fields (all fields when none are named). */
  values<K extends FieldName<M> | RelationPath>(...fields: K[]): QuerySet<M, ValuesRow<M, K>> {
    return this.#clone({ values: checkSelectNames(this.model, this.#state, fields) }, 'dict');
  }

  /** Rows as tuples of the named fields; `{ flat: true }` with one field gives bare values. */
  valuesList<K extends FieldName<M> | RelationPath>(field: K, options: { flat: true }): QuerySet<M, ValueOf<M, K>>;
  valuesList<const K extends ReadonlyArray<FieldName<M> | RelationPath>>(...fields: K): QuerySet<M, ValuesTuple<M, K>>;
  valuesList(...args: unknown[]): QuerySet<M, unknown> {
    const last = args.at(-1);
    const flat = typeof last === 'object' && last !== null && (last as { flat?: boolean }).flat === true;
    const names = (typeof last === 'object' && last !== null ? args.slice(0, -1) : args) as string[];
    if (flat && names.length !== 1) {
      throw new NotSupportedError(`valuesList() with flat: true needs exactly one field on ${this.model.meta.objectName}, not ${names.length}.`);
    }
    return this.#clone({ values: checkSelectNames(this.model, this.#state, names) }, flat ? 'flat' : 'list');
  }

  /** Adds computed values to each row (aggregates group by the selected fields). */
  annotate<const A extends Readonly<Record<string, Expression>>>(annotations: A): QuerySet<Annotated<M, A>, R extends M ? Annotated<M, A> : R> {
    const map = new Map(this.#state.annotations);
    const counts = new Map(this.#state.annotationWhereCounts);
    for (const [name, expression] of Object.entries(annotations)) {
      counts.set(name, this.#state.where.length);
      if (this.model.meta.findField(name) !== undefined) {
        throw new NotSupportedError(`The annotation '${name}' conflicts with a field on ${this.model.meta.objectName}.`);
      }
      expression.check(this.model, new Set(map.keys()));
      map.set(name, expression);
    }
    const values = this.#state.values === null ? null : [...this.#state.values, ...Object.keys(annotations)];
    return this.#clone({ annotations: map, annotationWhereCounts: counts, values }) as never;
  }

  /** Query on another database alias. */
  using(alias: string): QuerySet<M, R> {
    return this.#clone({}, this.#kind, alias);
  }

  /** A QuerySet that matches nothing and never queries. */
  none(): QuerySet<M, R> {
    return this.#clone({ empty: true });
  }

  /**
   * Follows ForeignKey/OneToOneField paths in the same query (LEFT JOINs), so the related objects
   * are loaded: `book.author` reads them without a query. No argument follows every non-null
   * relation, as Django's select_related().
   *
   * @example
   * for (const book of await Book.objects.selectRelated('author__publisher')) console.log(book.author.publisher?.name);
   */
  selectRelated(...paths: string[]): QuerySet<M, R> {
    const added = paths.length === 0 ? nonNullRelations(this.model) : normalizeSelectRelated(this.model, paths);
    const selectRelated = [...new Set([...this.#state.selectRelated, ...added])];
    return this.#clone({ selectRelated });
  }

  /** SELECT … FOR UPDATE inside atomic() (SQLite locks the whole database instead, so it is left out there). */
  /**
   * Loads relations of the rows with one extra query per lookup (a ForeignKey, a reverse
   * relation or a many-to-many), so `book.tags.all()` then answers from memory.
   *
   * @example
   * const books = await Book.objects.prefetchRelated('tags', 'author');
   */
  prefetchRelated(...lookups: string[]): QuerySet<M, R> {
    return this.#clone({ prefetchRelated: [...new Set([...this.#state.prefetchRelated, ...lookups])] });
  }

  /** A copy whose rows are already known (prefetchRelated's cache): awaiting it runs no query. */
  withResultCache(rows: readonly M[]): QuerySet<M, R> {
    const copy = this.#clone({});
    copy.#result = Promise.resolve([...rows] as unknown as R[]);
    return copy;
  }

  selectForUpdate(): QuerySet<M, R> {
    return this.#clone({ forUpdate: true });
  }

  /** Python's qs[start:end]: LIMIT/OFFSET relative to any earlier slice. Negative indexes are refused. */
  slice(start = 0, end?: number): QuerySet<M, R> {
    if (start < 0 || (end !== undefined && end < 0)) throw new NotSupportedError('Negative indexing is not supported.');
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
      throw new NotSupportedError(`QuerySet indices must be integers, not ${start}${end === undefined ? '' : ` and ${end}`}.`);
    }
    const { low, high } = this.#state;
    const newLow = Math.min(low + start, high ?? Infinity);
    const newHigh = end === undefined ? high : Math.min(low + end, high ?? Infinity);
    return this.#clone({ low: newLow, high: newHigh === null ? null : Math.max(newHigh, newLow) });
  }

  limit(count: number): QuerySet<M, R> {
    return this.slice(0, count);
  }

  offset(count: number): QuerySet<M, R> {
    return this.slice(count);
  }

  /** The row at an index (qs[i]), or undefined. */
  async at(index: number): Promise<R | undefined> {
    const rows = await this.slice(index, index + 1);
    return rows[0];
  }

  async first(): Promise<R | undefined> {
    const qs = this.ordered ? this : this.#clone({ ordering: ['pk'] });
    return (await qs.slice(0, 1))[0];
  }

  async last(): Promise<R | undefined> {
    const ordering = this.ordered ? reverseOrdering(effectiveOrdering(this.#state, this.model.meta.ordering)) : ['-pk'];
    return (await this.#clone({ ordering }).slice(0, 1))[0];
  }

  /** The latest row by the fields named (or Meta.getLatestBy); DoesNotExist when there is none. */
  async latest(...fields: Array<FieldName<M> | `-${FieldName<M>}`>): Promise<R> {
    return this.#edge(fields, true);
  }

  /** The earliest row by the fields named (or Meta.getLatestBy); DoesNotExist when there is none. */
  async earliest(...fields: Array<FieldName<M> | `-${FieldName<M>}`>): Promise<R> {
    return this.#edge(fields, false);
  }

  async #edge(fields: readonly string[], latest: boolean): Promise<R> {
    const by = fields.length > 0 ? fields : this.model.meta.getLatestBy === undefined ? [] : [this.model.meta.getLatestBy];
    if (by.length === 0) {
      throw new NotSupportedError(`${latest ? 'latest' : 'earliest'}() on ${this.model.meta.objectName} needs field names or Meta.getLatestBy.`);
    }
    const qs = this.orderBy(...((latest ? reverseOrdering(by) : by) as never[]));
    return qs.slice(0, 1).get();
  }

  async count(): Promise<number> {
    return reads.count(this.model, this.#state, this.db);
  }

  async exists(): Promise<boolean> {
    return reads.exists(this.model, this.#state, this.db);
  }

  /** Totals over the whole QuerySet: `{ total: Sum('price') }` → `{ total: 123 }`. */
  async aggregate<const A extends Readonly<Record<string, Aggregate>>>(aggregates: A): Promise<{ [K in keyof A]: A[K] extends Aggregate<infer T> ? T : never }> {
    return reads.aggregate(this.model, this.#state, this.db, aggregates) as never;
  }

  /** A Map from each value of a unique field (pk by default) to its instance. */
  async inBulk<K = unknown>(ids?: Iterable<K>, options: { fieldName?: FieldName<M> } = {}): Promise<Map<K, M>> {
    this.#refuseSliced('use inBulk() on');
    return writes.inBulk(this.#clone<M>({ values: null }, 'model'), ids, options.fieldName ?? 'pk') as Promise<Map<K, M>>;
  }

  /** Builds, saves and returns one instance. */
  async create(data: CreateArgs<M> = {}): Promise<M> {
    return writes.create(this.model, data, this.db) as Promise<M>;
  }

  /** [the row matching `lookup`, false], or [a new row from lookup + defaults, true]. */
  async getOrCreate(lookup: FilterArgs<M>, options: CreateDefaults = {}): Promise<[M, boolean]> {
    return writes.getOrCreate(this.#clone<M>({}, 'model'), lookup as Record<string, unknown>, options) as Promise<[M, boolean]>;
  }

  /** Updates the row matching `lookup` with `defaults`, or creates it; [instance, created]. */
  async updateOrCreate(lookup: FilterArgs<M>, options: CreateDefaults & { createDefaults?: Readonly<Record<string, unknown>> } = {}): Promise<[M, boolean]> {
    return writes.updateOrCreate(this.#clone<M>({}, 'model'), lookup as Record<string, unknown>, options) as Promise<[M, boolean]>;
  }

  /** Inserts many instances in few queries; sets their pks where the database returns them. */
  async bulkCreate(objects: readonly M[], options: BulkCreateOptions = {}): Promise<M[]> {
    return writes.bulkCreate(this.model, objects, this.db, options) as Promise<M[]>;
  }

  /** UPDATE every matching row; returns how many matched. */
  async update(values: UpdateArgs<M>): Promise<number> {
    this.#refuseSliced('update');
    if (this.#state.empty) return 0;
    return writes.update(this.model, this.#state, this.db, values as Record<string, unknown>);
  }

  /** DELETE every matching row, sending pre_delete/post_delete for each: [total, { 'app.Model': n }]. */
  async delete(): Promise<DeleteResult> {
    this.#refuseSliced('delete');
    if (this.#state.distinct) throw new NotSupportedError('Cannot call delete() after distinct().');
    if (this.#kind !== 'model') throw new NotSupportedError('Cannot call delete() after values() or valuesList().');
    if (this.#state.empty) return [0, {}];
    return writes.deleteQuerySet(this.#clone<M>({}, 'model'), this.model, this.db);
  }

  /** Rows in chunks of `chunkSize` (one query each), without keeping them all. */
  async *iterator(chunkSize = 2000): AsyncGenerator<R> {
    if (chunkSize <= 0) throw new NotSupportedError(`iterator() chunkSize must be positive, not ${chunkSize}.`);
    const base = this.ordered ? this : this.#clone({ ordering: ['pk'] });
    for (let start = 0; ; start += chunkSize) {
      const chunk = await base.slice(start, start + chunkSize).#fetch();
      yield* chunk;
      if (chunk.length < chunkSize) return;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<R> {
    yield* await this;
  }

  // A QuerySet is awaitable; the rows are fetched once and kept, as Django's result cache.
  then<T1 = R[], T2 = never>(
    onFulfilled?: ((rows: R[]) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    // A failed fetch is not kept: awaiting again retries, as a failed evaluation in Django does.
    this.#result ??= this.#fetch().catch((error: unknown) => {
      this.#result = undefined;
      throw error;
    });
    return this.#result.then(onFulfilled, onRejected);
  }

  async #fetch(): Promise<R[]> {
    if (this.#state.empty || (this.#state.high !== null && this.#state.high <= this.#state.low)) return [];
    const connection = connectionFor(this.db);
    const names = selectedNames(this.model, this.#state);
    const related = this.#kind === 'model' ? planSelectRelated(this.model, this.#state.selectRelated) : [];
    const grouped = [...this.#state.annotations.values()].some((a) => a.containsAggregate);
    const query = joinSelectRelated(buildSelect(this.model, this.#state, connection, names), this.model, related, grouped);
    const { rows } = await runQuery(connection, query);
    const out = convertRows(this.model, this.#state, this.#kind, names, rows, connection);
    if (related.length > 0) out.forEach((instance, i) => attachSelectRelated(instance as Model, rows[i]!, related, connection));
    if (this.#kind === 'model' && this.#state.prefetchRelated.length > 0) await prefetchRelatedObjects(out as Model[], this.#state.prefetchRelated, this.db);
    return out as R[];
  }

  /** The SQL and parameters the query would run, for debugging. */
  toSql(): { sql: string; parameters: readonly unknown[] } {
    const connection = connectionFor(this.db);
    const compiled = buildSelect(this.model, this.#state, connection).compile();
    return { sql: compiled.sql, parameters: compiled.parameters };
  }

  toString(): string {
    return `<QuerySet ${this.model.meta.label}>`;
  }
}

