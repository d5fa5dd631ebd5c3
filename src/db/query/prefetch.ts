import { FieldDoesNotExist } from '../errors.js';
import type { ManyToManyField } from '../fields/many-to-many.js';
import type { ForeignKey } from '../fields/related.js';
import type { Model, ModelClass } from '../models/model.js';
import { setCached } from '../models/related-descriptors.js';
import { setPrefetched } from './prefetch-cache.js';
import { QuerySet } from './queryset.js';

type Row = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKey = ForeignKey<any, any>;

/**
 * prefetchRelated()'s work: for each lookup, one query over the keys of `instances`, whose
 * results are cached on each instance (a ForeignKey's object, or a reverse/many-to-many list).
 */
export async function prefetchRelatedObjects(instances: readonly Model[], lookups: readonly string[], db: string): Promise<void> {
  if (instances.length === 0) return;
  const model = instances[0]!.model;
  for (const lookup of lookups) {
    const meta = model.meta;
    const field = meta.findField(lookup);
    if (field !== undefined && field.name === lookup && field.manyToMany) {
      const m2m = field as ManyToManyField;
      await prefetchMany(instances, lookup, m2m.through, m2m.sourceKey, m2m.targetKey, m2m.relatedModel, db);
      continue;
    }
    if (field !== undefined && field.name === lookup && field.isRelation) {
      await prefetchForward(instances, field as AnyKey, db);
      continue;
    }
    const many = meta.relatedManyToMany.find((f) => f.accessorName === lookup && !lookup.endsWith('+')) as ManyToManyField | undefined;
    if (many !== undefined) {
      await prefetchMany(instances, lookup, many.through, many.targetKey, many.sourceKey, many.ownerModel, db);
      continue;
    }
    const reverse = meta.relatedObjects.find((r) => r.accessorName === lookup && !r.accessorName.endsWith('+'));
    if (reverse !== undefined) {
      await prefetchReverse(instances, reverse.field as AnyKey, lookup, db);
      continue;
    }
    const choices = [
      ...meta.fields.filter((f) => f.isRelation).map((f) => f.name),
      ...meta.relatedManyToMany.map((f) => f.accessorName).filter((n) => !n.endsWith('+')),
      ...meta.relatedObjects.map((r) => r.accessorName).filter((n) => !n.endsWith('+')),
    ];
    throw new FieldDoesNotExist(`Cannot prefetch '${lookup}' on ${meta.objectName}: it is not a relation. Relations: ${choices.join(', ') || 'none'}.`);
  }
}

function keysOf(instances: readonly Model[], attname: string): unknown[] {
  const keys = new Set(instances.map((i) => (i as unknown as Row)[attname]).filter((k) => k !== null && k !== undefined));
  return [...keys];
}

function groupBy(objects: readonly Model[], key: (object: Model) => unknown): Map<unknown, Model[]> {
  const groups = new Map<unknown, Model[]>();
  for (const object of objects) {
    const k = key(object);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [object]);
    else group.push(object);
  }
  return groups;
}

/** A many-to-many side: the through rows with their related object joined in, in the related model's order. */
async function prefetchMany(instances: readonly Model[], name: string, through: ModelClass, source: AnyKey, target: AnyKey, related: ModelClass, db: string): Promise<void> {
  const keys = keysOf(instances, source.targetField.attname);
  const ordering = related.meta.ordering.map((t) => (t.startsWith('-') ? `-${target.name}__${t.slice(1)}` : `${target.name}__${t}`));
  let qs = new QuerySet<Model>(through).using(db).filter({ [`${source.attname}__in`]: keys }).selectRelated(target.name);
  if (ordering.length > 0) qs = qs.orderBy(...(ordering as never[]));
  const rows = keys.length === 0 ? [] : await qs;
  const groups = groupBy(rows, (row) => (row as unknown as Row)[source.attname]);
  for (const instance of instances) {
    const own = groups.get((instance as unknown as Row)[source.targetField.attname]) ?? [];
    setPrefetched(instance, name, own.map((row) => (row as unknown as Row)[target.name] as Model));
  }
}

/** A ForeignKey: the objects the keys point at, cached as if each instance had loaded it. */
async function prefetchForward(instances: readonly Model[], field: AnyKey, db: string): Promise<void> {
  const keys = keysOf(instances, field.attname);
  const target = field.targetField;
  const objects = keys.length === 0 ? [] : await new QuerySet<Model>(field.relatedModel).using(db).filter({ [`${target.name}__in`]: keys });
  const byKey = new Map(objects.map((o) => [(o as unknown as Row)[target.attname], o]));
  for (const instance of instances) setCached(instance, field.name, byKey.get((instance as unknown as Row)[field.attname]) ?? null);
}

/** A reverse ForeignKey (a list) or reverse one-to-one (one object or none). */
async function prefetchReverse(instances: readonly Model[], field: AnyKey, name: string, db: string): Promise<void> {
  const keys = keysOf(instances, field.targetField.attname);
  const objects = keys.length === 0 ? [] : await new QuerySet<Model>(field.model!).using(db).filter({ [`${field.attname}__in`]: keys });
  const groups = groupBy(objects, (o) => (o as unknown as Row)[field.attname]);
  for (const instance of instances) {
    const own = groups.get((instance as unknown as Row)[field.targetField.attname]) ?? [];
    for (const object of own) setCached(object, field.name, instance);
    if (field.unique) setCached(instance, name, own[0] ?? null);
    else setPrefetched(instance, name, own);
  }
}
