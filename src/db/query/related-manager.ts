import { NotSupportedError, UnsavedRelatedObjectError } from '../errors.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;
import type { Model } from '../models/model.js';
import { Manager } from './manager.js';
import { forgetPrefetched, getPrefetched } from './prefetch-cache.js';
import { QuerySet } from './queryset.js';
import type { CreateArgs, FilterArgs } from './types.js';
import type { CreateDefaults } from './writes.js';

type Row = Record<string, unknown>;

/**
 * The reverse side of a ForeignKey, `author.book_set`: a Manager whose QuerySets hold only the
 * rows pointing at one instance, plus create/add/remove/clear/set as Django's related manager.
 *
 * The accessor is added at run time when the pointing model is defined; a model class declares
 * its type: `declare readonly book_set: RelatedManager<Book>;` (with `declare`, so no class
 * field hides it).
 *
 * @example
 * const book = await author.book_set.create({ title: 'Dune' });
 * await author.book_set.add(otherBook);
 * const titles = await author.book_set.orderBy('title').valuesList('title', { flat: true });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class RelatedManager<M extends Model = any> extends Manager<M> {
  readonly field: ForeignKey;
  readonly instance: Model;

  constructor(field: ForeignKey, instance: Model) {
    super(field.model!);
    this.field = field;
    this.instance = instance;
  }

  /** The key the related rows hold: the instance's target field value. */
  get #key(): unknown {
    const key = (this.instance as unknown as Row)[this.field.targetField.attname];
    if (key === null || key === undefined) {
      throw new UnsavedRelatedObjectError(
        `${this.instance.model.meta.objectName} instance needs a primary key value before ${this.field.accessorName} can be used.`,
      );
    }
    return key;
  }

  #db(): string | undefined {
    return this.instance._state.db ?? undefined;
  }

  override getQuerySet(): QuerySet<M> {
    const qs = new QuerySet<M>(this.model).filter({ [this.field.attname]: this.#key } as FilterArgs<M>);
    const db = this.#db();
    const scoped = db === undefined ? qs : qs.using(db);
    const cached = getPrefetched(this.instance, this.field.accessorName);
    return cached === undefined ? scoped : scoped.withResultCache(cached as readonly M[]);
  }

  /** Creates a row pointing at the instance. */
  override create(data: CreateArgs<M> = {}): Promise<M> {
    return this.getQuerySet().create({ ...data, [this.field.name]: this.instance } as CreateArgs<M>);
  }

  override getOrCreate(lookup: FilterArgs<M>, options: CreateDefaults = {}): Promise<[M, boolean]> {
    return this.getQuerySet().getOrCreate(lookup, { defaults: { ...options.defaults, [this.field.name]: this.instance } });
  }

  /** Points saved objects at the instance with one UPDATE. */
  async add(...objects: M[]): Promise<void> {
    const key = this.#key;
    forgetPrefetched(this.instance, this.field.accessorName);
    this.#check(objects, 'add');
    if (objects.length === 0) return;
    await this.#base().filter({ pk__in: objects.map((o) => o.pk) } as FilterArgs<M>).update({ [this.field.attname]: key } as never);
    for (const object of objects) (object as unknown as Row)[this.field.name] = this.instance;
  }

  /** Unlinks objects (sets their key to NULL); only for a nullable ForeignKey, as Django. */
  async remove(...objects: M[]): Promise<void> {
    this.#nullable('remove');
    const key = this.#key;
    forgetPrefetched(this.instance, this.field.accessorName);
    this.#check(objects, 'remove');
    const strangers = objects.filter((o) => (o as unknown as Row)[this.field.attname] !== key);
    if (strangers.length > 0) {
      throw new NotSupportedError(`${strangers.map(String).join(', ')} is not related to ${String(this.instance)} through ${String(this.field)}.`);
    }
    if (objects.length === 0) return;
    await this.getQuerySet().filter({ pk__in: objects.map((o) => o.pk) } as FilterArgs<M>).update({ [this.field.attname]: null } as never);
    for (const object of objects) (object as unknown as Row)[this.field.name] = null;
  }

  /** Unlinks every related row; only for a nullable ForeignKey. */
  async clear(): Promise<void> {
    this.#nullable('clear');
    forgetPrefetched(this.instance, this.field.accessorName);
    await this.getQuerySet().update({ [this.field.attname]: null } as never);
  }

  /** Makes exactly `objects` the related set: removes the others (nullable keys only) and adds the new. */
  async set(objects: readonly M[]): Promise<void> {
    if (!this.field.null) return this.add(...objects);
    forgetPrefetched(this.instance, this.field.accessorName);
    const current = await this.getQuerySet();
    const wanted = new Set(objects.map((o) => o.pk));
    const stale = current.filter((o) => !wanted.has(o.pk));
    const present = new Set(current.map((o) => o.pk));
    if (stale.length > 0) await this.remove(...stale);
    await this.add(...objects.filter((o) => !present.has(o.pk)));
  }

  #base(): QuerySet<M> {
    const qs = new QuerySet<M>(this.model);
    const db = this.#db();
    return db === undefined ? qs : qs.using(db);
  }

  #check(objects: readonly M[], action: string): void {
    for (const object of objects) {
      if (typeof object !== 'object' || object === null || object.model?.meta !== this.model.meta) {
        throw new TypeError(`'${this.model.meta.objectName}' instance expected by ${this.field.accessorName}.${action}(), got ${String(object)}.`);
      }
      if (object.pk === null || object.pk === undefined) {
        throw new UnsavedRelatedObjectError(`${String(object)} instance isn't saved; save the object before ${this.field.accessorName}.${action}().`);
      }
    }
  }

  #nullable(action: string): void {
    if (!this.field.null) {
      throw new NotSupportedError(`${this.field.accessorName}.${action}() needs ${String(this.field)} to be null: true; a non-nullable key cannot be unlinked.`);
    }
  }
}
