import { sql } from 'kysely';
import type { SqlBool } from 'kysely';
import { ProtectedError, RestrictedError } from '../errors.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';
import type { Model, ModelClass } from '../models/model.js';
import { apps } from '../models/registry.js';
import { postDelete, preDelete } from '../signals.js';
import { connectionFor, inTransaction, runQuery } from './execute.js';
import type { DeleteResult } from './instance-ops.js';
import { QuerySet } from './queryset.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;
type Row = Record<string, unknown>;

/** Keys per IN (…) list, small enough for every backend's parameter limit. */
const BATCH = 500;

/** True when deleting rows of this model has to look at other tables (any onDelete but DO_NOTHING). */
export function needsCollector(model: ModelClass): boolean {
  return model.meta.relatedObjects.some((r) => (r.field as ForeignKey).onDelete !== 'DO_NOTHING');
}

/**
 * Finds everything a delete reaches through onDelete, then deletes it in one transaction:
 * Django's Collector. CASCADE follows recursively, PROTECT and RESTRICT refuse, SET_NULL and
 * SET_DEFAULT update, DO_NOTHING leaves the database to complain.
 *
 * @example
 * const collector = new Collector('default', author);
 * await collector.collect(Author, [author]);
 * const [total, byModel] = await collector.delete();
 */
export class Collector {
  readonly #using: string;
  readonly #origin: unknown;
  readonly #data = new Map<ModelClass, Map<unknown, Model>>();
  readonly #updates: Array<{ field: ForeignKey; value: unknown; objects: Model[] }> = [];
  readonly #protected: Array<{ field: ForeignKey; objects: Model[] }> = [];
  readonly #restricted: Array<{ field: ForeignKey; objects: Model[] }> = [];

  constructor(using: string, origin: unknown) {
    this.#using = using;
    this.#origin = origin;
  }

  /** Adds instances to delete and follows every relation pointing at them. */
  async collect(model: ModelClass, instances: readonly Model[]): Promise<void> {
    // A subclass and its defined class share one meta: one bucket.
    model = [...this.#data.keys()].find((m) => m.meta === model.meta) ?? model;
    let bucket = this.#data.get(model);
    if (bucket === undefined) this.#data.set(model, (bucket = new Map()));
    const added = instances.filter((o) => !bucket.has(o.pk));
    for (const instance of added) bucket.set(instance.pk, instance);
    if (added.length === 0) return;
    for (const relation of model.meta.relatedObjects) {
      const field = relation.field as ForeignKey;
      if (field.onDelete === 'DO_NOTHING') continue;
      const related = (model.meta.apps ?? apps).getModel(relation.relatedModelLabel);
      const keys = added.map((o) => (o as unknown as Row)[field.targetField.attname]);
      const objects: Model[] = [];
      for (let i = 0; i < keys.length; i += BATCH) {
        const qs = new QuerySet<Model>(related).using(this.#using).filter({ [`${field.attname}__in`]: keys.slice(i, i + BATCH) });
        objects.push(...(await qs.orderBy('pk')));
      }
      if (objects.length === 0) continue;
      switch (field.onDelete) {
        case 'CASCADE':
          await this.collect(related, objects);
          break;
        case 'PROTECT':
          this.#protected.push({ field, objects });
          break;
        case 'RESTRICT':
          this.#restricted.push({ field, objects });
          break;
        case 'SET_NULL':
          this.#updates.push({ field, value: null, objects });
          break;
        case 'SET_DEFAULT':
          this.#updates.push({ field, value: field.getDefault(), objects });
          break;
      }
    }
  }

  /** ProtectedError/RestrictedError when something blocks the delete (RESTRICT yields to a cascade that reaches the same rows). */
  #check(): void {
    if (this.#protected.length > 0) {
      const fields = [...new Set(this.#protected.map(({ field }) => `'${field.model!.meta.objectName}.${field.name}'`))];
      const targets = [...new Set(this.#protected.map(({ field }) => field.relatedModel.meta.objectName))];
      throw new ProtectedError(
        `Cannot delete some instances of model '${targets.join("', '")}' because they are referenced through protected foreign keys: ${fields.join(', ')}.`,
        this.#protected.flatMap(({ objects }) => objects),
      );
    }
    const blocking = this.#restricted
      .map(({ field, objects }) => ({ field, objects: objects.filter((o) => !this.#collected(o)) }))
      .filter(({ objects }) => objects.length > 0);
    if (blocking.length > 0) {
      const fields = [...new Set(blocking.map(({ field }) => `'${field.model!.meta.objectName}.${field.name}'`))];
      const targets = [...new Set(blocking.map(({ field }) => field.relatedModel.meta.objectName))];
      throw new RestrictedError(
        `Cannot delete some instances of model '${targets.join("', '")}' because they are referenced through restricted foreign keys: ${fields.join(', ')}.`,
        blocking.flatMap(({ objects }) => objects),
      );
    }
  }

  /** The collected models whose keys point at `model` (any onDelete): their rows go first. */
  #dependants(model: ModelClass): ModelClass[] {
    const labels = new Set(model.meta.relatedObjects.map((r) => r.relatedModelLabel.toLowerCase()));
    return [...this.#data.keys()].filter((m) => labels.has(m.meta.labelLower));
  }

  #collected(instance: Model): boolean {
    return [...this.#data].some(([model, bucket]) => model.meta === instance.model.meta && bucket.has(instance.pk));
  }

  /** Models in delete order: a model after every model whose rows point at it. */
  #sorted(): ModelClass[] {
    const remaining = [...this.#data.keys()];
    const order: ModelClass[] = [];
    while (remaining.length > 0) {
      const ready = remaining.findIndex((m) => this.#dependants(m).every((d) => d.meta === m.meta || !remaining.some((r) => r.meta === d.meta)));
      const [next] = remaining.splice(ready === -1 ? 0 : ready, 1);
      order.push(next!);
    }
    return order;
  }

  /** Sends pre_delete, updates, deletes and sends post_delete, all in one atomic block: [total, { 'app.Model': n }]. */
  async delete(): Promise<DeleteResult> {
    this.#check();
    const order = this.#sorted();
    const using = this.#using;
    const origin = this.#origin;
    const connection = connectionFor(using);
    return inTransaction(using, async () => {
      for (const model of order) {
        for (const instance of this.#data.get(model)!.values()) await preDelete.asend(model, { instance, using, origin });
      }
      for (const { field, value, objects } of this.#updates) {
        const pks = objects.map((o) => o.pk);
        for (let i = 0; i < pks.length; i += BATCH) {
          await new QuerySet<Model>(field.model!).using(using).filter({ pk__in: pks.slice(i, i + BATCH) }).update({ [field.attname]: value });
        }
        for (const object of objects) (object as unknown as Row)[field.attname] = value;
      }
      const counts: Record<string, number> = {};
      let total = 0;
      for (const model of order) {
        const instances = [...this.#data.get(model)!.values()];
        const pk = model.meta.pk;
        let count = 0;
        for (let i = 0; i < instances.length; i += BATCH) {
          const ids = instances.slice(i, i + BATCH).map((o) => sql`${pk.toDb(o.pk, connection)}`);
          const query = connection.db.deleteFrom(model.meta.dbTable).where(sql<SqlBool>`${sql.id(model.meta.dbTable, pk.column)} IN (${sql.join(ids)})`);
          count += Number((await runQuery(connection, query)).numAffectedRows ?? 0n);
        }
        if (count > 0) counts[model.meta.label] = (counts[model.meta.label] ?? 0) + count;
        total += count;
        for (const instance of instances) await postDelete.asend(model, { instance, using, origin });
      }
      for (const bucket of this.#data.values()) for (const instance of bucket.values()) instance.pk = null;
      return [total, counts] as DeleteResult;
    });
  }
}
