import type { Model, ModelClass } from '../models/model.js';
import type { Aggregate } from './aggregates.js';
import type { Expression } from './expressions.js';
import type { QNode } from './q.js';
import { QuerySet } from './queryset.js';
import type { CreateArgs, FieldName, FilterArgs, RelationPath, UpdateArgs, ValueOf, ValuesRow, ValuesTuple } from './types.js';
import type { BulkCreateOptions, CreateDefaults, DeleteResult } from './writes.js';

type Condition<M> = FilterArgs<M> | QNode;

const instances = new WeakMap<object, WeakMap<object, Manager<Model>>>();

/**
 * The entry point to a model's queries: Django's Manager, `Book.objects`. Every QuerySet method
 * is here and starts from getQuerySet(); subclass it to add table-level methods or to change
 * the base QuerySet.
 *
 * @example
 * class UserManager extends Manager<User> {
 *   createUser(username: string) { return this.create({ username }); }
 * }
 * class User extends defineModel('auth.User', { username: fields.CharField({ maxLength: 150 }) }) {
 *   static override get objects(): UserManager { return UserManager.of(this); }
 * }
 * // A model with methods of its own only re-declares the type: `declare static readonly objects: Manager<Book>;`
 */
export class Manager<M extends Model> {
  readonly model: ModelClass;

  constructor(model: ModelClass) {
    this.model = model;
  }

  /** The manager of this class for a model, made once and kept: for `static get objects()`. */
  static of<T extends Manager<Model>>(this: new (model: ModelClass) => T, model: ModelClass): T {
    let byModel = instances.get(this);
    if (byModel === undefined) instances.set(this, (byModel = new WeakMap()));
    let manager = byModel.get(model) as T | undefined;
    if (manager === undefined) byModel.set(model, (manager = new this(model)));
    return manager;
  }

  /** The QuerySet every method starts from; override to filter or annotate by default. */
  getQuerySet(): QuerySet<M> {
    return new QuerySet<M>(this.model);
  }

  all(): QuerySet<M> {
    return this.getQuerySet();
  }

  filter(...conditions: Array<Condition<M>>): QuerySet<M> {
    return this.getQuerySet().filter(...conditions);
  }

  exclude(...conditions: Array<Condition<M>>): QuerySet<M> {
    return this.getQuerySet().exclude(...conditions);
  }

  get(...conditions: Array<Condition<M>>): Promise<M> {
    return this.getQuerySet().get(...conditions);
  }

  create(data: CreateArgs<M> = {}): Promise<M> {
    return this.getQuerySet().create(data);
  }

  getOrCreate(lookup: FilterArgs<M>, options?: CreateDefaults): Promise<[M, boolean]> {
    return this.getQuerySet().getOrCreate(lookup, options);
  }

  updateOrCreate(lookup: FilterArgs<M>, options?: CreateDefaults & { createDefaults?: Readonly<Record<string, unknown>> }): Promise<[M, boolean]> {
    return this.getQuerySet().updateOrCreate(lookup, options);
  }

  bulkCreate(objects: readonly M[], options?: BulkCreateOptions): Promise<M[]> {
    return this.getQuerySet().bulkCreate(objects, options);
  }

  latest(...fields: Array<FieldName<M> | `-${FieldName<M>}`>): Promise<M> {
    return this.getQuerySet().latest(...fields);
  }

  earliest(...fields: Array<FieldName<M> | `-${FieldName<M>}`>): Promise<M> {
    return this.getQuerySet().earliest(...fields);
  }

  count(): Promise<number> {
    return this.getQuerySet().count();
  }

  exists(): Promise<boolean> {
    return this.getQuerySet().exists();
  }

  first(): Promise<M | undefined> {
    return this.getQuerySet().first();
  }

  last(): Promise<M | undefined> {
    return this.getQuerySet().last();
  }

  orderBy(...terms: Array<FieldName<M> | `-${FieldName<M>}` | '?' | RelationPath | `-${RelationPath}`>): QuerySet<M> {
    return this.getQuerySet().orderBy(...terms);
  }

  reverse(): QuerySet<M> {
    return this.getQuerySet().reverse();
  }

  distinct(...fields: Array<FieldName<M>>): QuerySet<M> {
    return this.getQuerySet().distinct(...fields);
  }

  values<K extends FieldName<M> | RelationPath>(...fields: K[]): QuerySet<M, ValuesRow<M, K>> {
    return this.getQuerySet().values(...fields);
  }

  valuesList<K extends FieldName<M> | RelationPath>(field: K, options: { flat: true }): QuerySet<M, ValueOf<M, K>>;
  valuesList<const K extends ReadonlyArray<FieldName<M> | RelationPath>>(...fields: K): QuerySet<M, ValuesTuple<M, K>>;
  valuesList(...args: unknown[]): QuerySet<M, unknown> {
    return (this.getQuerySet().valuesList as (...a: unknown[]) => QuerySet<M, unknown>)(...args);
  }

  inBulk<K = unknown>(ids?: Iterable<K>, options?: { fieldName?: FieldName<M> }): Promise<Map<K, M>> {
    return this.getQuerySet().inBulk(ids, options);
  }

  update(values: UpdateArgs<M>): Promise<number> {
    return this.getQuerySet().update(values);
  }

  delete(): Promise<DeleteResult> {
    return this.getQuerySet().delete();
  }

  aggregate<const A extends Readonly<Record<string, Aggregate>>>(aggregates: A): Promise<{ [K in keyof A]: A[K] extends Aggregate<infer T> ? T : never }> {
    return this.getQuerySet().aggregate(aggregates);
  }

  annotate<const A extends Readonly<Record<string, Expression>>>(annotations: A): ReturnType<QuerySet<M>['annotate']> & QuerySet<M & { [K in keyof A]: A[K] extends Aggregate<infer T> ? T : unknown }> {
    return this.getQuerySet().annotate(annotations) as never;
  }

  using(alias: string): QuerySet<M> {
    return this.getQuerySet().using(alias);
  }

  none(): QuerySet<M> {
    return this.getQuerySet().none();
  }

  /** QuerySet.prefetchRelated(): one extra query per relation, cached on the instances. */
  prefetchRelated(...lookups: string[]): QuerySet<M> {
    return this.getQuerySet().prefetchRelated(...lookups);
  }

  /** QuerySet.selectRelated(): the related objects come in the same query. */
  selectRelated(...paths: string[]): QuerySet<M> {
    return this.getQuerySet().selectRelated(...paths);
  }

  selectForUpdate(): QuerySet<M> {
    return this.getQuerySet().selectForUpdate();
  }

  slice(start?: number, end?: number): QuerySet<M> {
    return this.getQuerySet().slice(start, end);
  }

  limit(count: number): QuerySet<M> {
    return this.getQuerySet().limit(count);
  }

  offset(count: number): QuerySet<M> {
    return this.getQuerySet().offset(count);
  }

  iterator(chunkSize?: number): AsyncGenerator<M> {
    return this.getQuerySet().iterator(chunkSize);
  }

  toString(): string {
    return `<Manager ${this.model.meta.label}>`;
  }
}
