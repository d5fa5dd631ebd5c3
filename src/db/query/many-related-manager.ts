import { UnsavedRelatedObjectError } from '../errors.js';
import type { ManyToManyField } from '../fields/many-to-many.js';
import type { ForeignKey } from '../fields/related.js';
import type { Model, ModelClass } from '../models/model.js';
import { m2mChanged } from '../signals.js';
import type { M2MAction } from '../signals.js';
import { atomic } from '../transaction.js';
import { Manager } from './manager.js';
import { forgetPrefetched, getPrefetched } from './prefetch-cache.js';
import { Q } from './q.js';
import { QuerySet } from './queryset.js';
import type { CreateArgs, FilterArgs } from './types.js';

type Row = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKey = ForeignKey<any, any>;

/**
 * Both sides of a ManyToManyField, `book.tags` and `tag.book_set`: a Manager over the related
 * rows, plus add/remove/clear/set/create on the join table, each sending m2m_changed as Django
 * does (sender: the through model; `reverse` true on the side without the field).
 *
 * A model class declares its type: `declare readonly tags: ManyRelatedManager<Tag>;`.
 *
 * @example
 * await book.tags.add(red, blue.pk);
 * const names = await book.tags.orderBy('name').valuesList('name', { flat: true });
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class ManyRelatedManager<M extends Model = any> extends Manager<M> {
  readonly field: ManyToManyField;
  readonly instance: Model;
  /** True on the side without the field (`tag.book_set`). */
  readonly isReverse: boolean;

  constructor(field: ManyToManyField, instance: Model, reverse: boolean) {
    super((reverse ? field.ownerModel : field.relatedModel) as ModelClass);
    this.field = field;
    this.instance = instance;
    this.isReverse = reverse;
  }

  get through(): ModelClass {
    return this.field.through;
  }

  /** The through model's key to the instance, and its key to the related objects. */
  get #keys(): { source: AnyKey; target: AnyKey } {
    const { sourceKey, targetKey } = this.field;
    return this.isReverse ? { source: targetKey, target: sourceKey } : { source: sourceKey, target: targetKey };
  }

  get #name(): string {
    return this.isReverse ? this.field.accessorName : this.field.name;
  }

  #requireKey(): void {
    void this.#key;
  }

  get #key(): unknown {
    const key = (this.instance as unknown as Row)[this.#keys.source.targetField.attname];
    if (key === null || key === undefined) {
      throw new UnsavedRelatedObjectError(
        `${this.instance.model.meta.objectName} instance needs a primary key value before the many-to-many relation '${this.#name}' can be used.`,
      );
    }
    return key;
  }

  get #db(): string {
    return this.instance._state.db ?? new QuerySet(this.model).db;
  }

  override getQuerySet(): QuerySet<M> {
    const path = this.isReverse ? this.field.name : this.field.relatedQueryName;
    const qs = new QuerySet<M>(this.model).using(this.#db).filter({ [`${path}__pk`]: this.#key } as FilterArgs<M>);
    const cached = getPrefetched(this.instance, this.#name);
    return cached === undefined ? qs : qs.withResultCache(cached as readonly M[]);
  }

  #rows(): QuerySet<Model> {
    return new QuerySet<Model>(this.through).using(this.#db).filter({ [this.#keys.source.attname]: this.#key });
  }

  #targetKeys(objects: readonly unknown[], action: string): unknown[] {
    const field = this.#keys.target.targetField;
    return objects.map((object) => {
      if (typeof object === 'object' && object !== null && typeof (object as Model).model === 'function') {
        const instance = object as Model;
        if (instance.model.meta !== this.model.meta) {
          throw new TypeError(`'${this.model.meta.objectName}' instance expected by ${this.#name}.${action}(), got a ${instance.model.meta.objectName}.`);
        }
        const key = (instance as unknown as Row)[field.attname];
        if (key === null || key === undefined) {
          throw new UnsavedRelatedObjectError(`${String(instance)} isn't saved; save it before ${this.#name}.${action}().`);
        }
        return key;
      }
      return field.toJs(object);
    });
  }

  async #send(action: M2MAction, pkSet: Set<unknown> | null): Promise<void> {
    if (!m2mChanged.hasListeners(this.through)) return;
    await m2mChanged.asend(this.through, { instance: this.instance, action, reverse: this.isReverse, model: this.model, pkSet, using: this.#db });
  }

  /** Links objects (or primary keys); pairs already linked are left alone and not in pkSet. */
  async add(...objects: Array<M | unknown>): Promise<void> {
    const source = this.#key;
    const keys = this.#targetKeys(objects, 'add');
    forgetPrefetched(this.instance, this.#name);
    if (keys.length === 0) return;
    const { source: sourceKey, target } = this.#keys;
    await atomic(async () => {
      const present = new Set(await this.#rows().filter({ [`${target.attname}__in`]: keys }).valuesList(target.attname, { flat: true }));
      const missing = new Set(keys.filter((k) => !present.has(k)));
      await this.#send('pre_add', missing);
      const rows = [...missing].map((k) => new this.through({ [sourceKey.attname]: source, [target.attname]: k }));
      if (rows.length > 0) await new QuerySet<Model>(this.through).using(this.#db).bulkCreate(rows);
      await this.#send('post_add', missing);
      if (this.field.symmetrical) await this.#mirror(source, keys);
    }, { using: this.#db });
  }

  // The other half of each symmetrical link; Django sends no signal for it.
  async #mirror(source: unknown, keys: readonly unknown[]): Promise<void> {
    const { source: sourceKey, target } = this.#keys;
    const mirrored = new QuerySet<Model>(this.through).using(this.#db).filter({ [target.attname]: source, [`${sourceKey.attname}__in`]: keys });
    const present = new Set(await mirrored.valuesList(sourceKey.attname, { flat: true }));
    const rows = [...new Set(keys)].filter((k) => !present.has(k)).map((k) => new this.through({ [sourceKey.attname]: k, [target.attname]: source }));
    if (rows.length > 0) await new QuerySet<Model>(this.through).using(this.#db).bulkCreate(rows);
  }

  /** The through rows of the instance (both halves of a symmetrical link), optionally only those to `keys`. */
  #linkRows(keys?: readonly unknown[]): QuerySet<Model> {
    const { source, target } = this.#keys;
    const own = keys === undefined ? { [source.attname]: this.#key } : { [source.attname]: this.#key, [`${target.attname}__in`]: keys };
    if (!this.field.symmetrical) return new QuerySet<Model>(this.through).using(this.#db).filter(own);
    const mirror = keys === undefined ? { [target.attname]: this.#key } : { [target.attname]: this.#key, [`${source.attname}__in`]: keys };
    return new QuerySet<Model>(this.through).using(this.#db).filter(Q(own).or(Q(mirror)));
  }

  /** Unlinks objects (or primary keys); pkSet holds every key given. */
  async remove(...objects: Array<M | unknown>): Promise<void> {
    this.#requireKey();
    const keys = new Set(this.#targetKeys(objects, 'remove'));
    forgetPrefetched(this.instance, this.#name);
    if (keys.size === 0) return;
    await atomic(async () => {
      await this.#send('pre_remove', keys);
      await this.#linkRows([...keys]).delete();
      await this.#send('post_remove', keys);
    }, { using: this.#db });
  }

  /** Unlinks every related object; pkSet is null, as Django's. */
  async clear(): Promise<void> {
    this.#requireKey();
    forgetPrefetched(this.instance, this.#name);
    await atomic(async () => {
      await this.#send('pre_clear', null);
      await this.#linkRows().delete();
      await this.#send('post_clear', null);
    }, { using: this.#db });
  }

  /** Makes exactly `objects` the related set: removes the others and adds the new ones (or clear() then add()). */
  async set(objects: ReadonlyArray<M | unknown>, options: { clear?: boolean } = {}): Promise<void> {
    await atomic(async () => {
      if (options.clear === true) {
        await this.clear();
        await this.add(...objects);
        return;
      }
      const target = this.#keys.target.attname;
      const old = new Set(await this.#rows().valuesList(target, { flat: true }));
      const added: unknown[] = [];
      for (const [i, key] of this.#targetKeys(objects, 'set').entries()) {
        if (old.has(key)) old.delete(key);
        else added.push(objects[i]);
      }
      await this.remove(...old);
      await this.add(...added);
    }, { using: this.#db });
  }

  /** Creates a related object and links it. */
  override async create(data: CreateArgs<M> = {}): Promise<M> {
    this.#requireKey();
    return atomic(async () => {
      const created = await new QuerySet<M>(this.model).using(this.#db).create(data);
      await this.add(created);
      return created;
    }, { using: this.#db });
  }
}
