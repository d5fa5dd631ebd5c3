/*
 * The properties relations add to instances: `book.author` (forward), `author.book_set` (reverse
 * many) and `user.profile` (reverse one-to-one). Reading never queries: an object that is not
 * loaded is an error that says how to load it.
 */
import { FieldDoesNotExist, RelatedObjectNotLoaded, UnsavedRelatedObjectError } from '../errors.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;
import { QuerySet } from '../query/queryset.js';
import { RelatedManager } from '../query/related-manager.js';
import type { Model, ModelClass } from './model.js';

// The loaded related objects of each instance, by accessor name; null means "loaded: there is none".
const caches = new WeakMap<Model, Map<string, Model | null>>();

function cacheOf(instance: Model): Map<string, Model | null> {
  let cache = caches.get(instance);
  if (cache === undefined) caches.set(instance, (cache = new Map()));
  return cache;
}

/** Stores a loaded related object (or null for none) under an accessor name. */
export function setCached(instance: Model, name: string, value: Model | null): void {
  cacheOf(instance).set(name, value);
}

/** The cached object under a name: undefined when not loaded. */
export function getCached(instance: Model, name: string): Model | null | undefined {
  return caches.get(instance)?.get(name);
}

type Row = Record<string, unknown>;

/** The object a forward relation holds in its cache, if it still matches the key. */
function forwardCached(instance: Model, field: ForeignKey): Model | null | undefined {
  const key = (instance as unknown as Row)[field.attname];
  const cached = getCached(instance, field.name);
  if (cached !== undefined && cached !== null) {
    // A changed `<name>_id` makes the cached object stale; an unsaved one matches a null key.
    const cachedKey = (cached as unknown as Row)[field.targetField.attname];
    if (cachedKey === key || (isMissing(cachedKey) && isMissing(key))) return cached;
  }
  return isMissing(key) ? null : undefined;
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}

/**
 * Before a save: a related object assigned while unsaved refuses the save (Django's check), and
 * one saved since gives its key to `<name>_id`.
 */
export function prepareRelatedForSave(instance: Model): void {
  const self = instance as unknown as Row;
  for (const field of instance.model.meta.concreteFields) {
    if (!field.isRelation) continue;
    const fk = field as ForeignKey;
    const cached = getCached(instance, fk.name);
    if (cached === undefined || cached === null) continue;
    const key = (cached as unknown as Row)[fk.targetField.attname];
    if (isMissing(key)) {
      throw new UnsavedRelatedObjectError(`save() prohibited to prevent data loss due to unsaved related object '${fk.name}' (${instance.model.meta.objectName}.${fk.name}).`);
    }
    if (isMissing(self[fk.attname])) self[fk.attname] = key;
  }
}

/** Checks that a value assigned to a relation is an instance of its model (or null). */
export function checkRelatedValue(field: ForeignKey, value: unknown): Model | null {
  if (value === null || value === undefined) return null;
  const related = field.relatedModel;
  const isInstance = typeof value === 'object' && typeof (value as Model).model === 'function';
  if (!isInstance || (value as Model).model.meta !== related.meta) {
    const got = isInstance ? `a ${(value as Model).model.meta.objectName} instance` : JSON.stringify(value) ?? String(value);
    throw new TypeError(`Cannot assign ${got} to ${field.model!.meta.objectName}.${field.name}: it must be a ${related.meta.objectName} instance.`);
  }
  return value as Model;
}

/** Defines `instance.<name>` for a ForeignKey/OneToOneField on the model's prototype. */
export function installForwardAccessor(model: ModelClass, field: ForeignKey): void {
  Object.defineProperty(model.prototype, field.name, {
    configurable: true,
    enumerable: false,
    get(this: Model): Model | null {
      const cached = forwardCached(this, field);
      if (cached !== undefined) return cached;
      const name = this.model.meta.objectName;
      const variable = name.charAt(0).toLowerCase() + name.slice(1);
      throw new RelatedObjectNotLoaded(
        `${name}.${field.name} is not loaded; use \`await ${variable}.load('${field.name}')\` or \`${name}.objects.selectRelated('${field.name}')\`.`,
      );
    },
    set(this: Model, value: unknown) {
      const related = checkRelatedValue(field, value);
      (this as unknown as Row)[field.attname] = related === null ? null : (related as unknown as Row)[field.targetField.attname] ?? null;
      setCached(this, field.name, related);
      // One-to-one: the other side now knows its object too (`profile.author = ann` → `ann.profile`).
      if (field.unique && related !== null) setCached(related, field.accessorName, this);
    },
  });
}

/** Defines the reverse accessor on the related model: a RelatedManager, or the one object for one-to-one. */
export function installReverseAccessor(target: ModelClass, field: ForeignKey): void {
  const name = field.accessorName;
  // A relatedName ending in '+' (the keys of a through table) hides the reverse side, as Django's.
  if (name.endsWith('+') || Object.prototype.hasOwnProperty.call(target.prototype, name)) return;
  const oneToOne = field.unique;
  Object.defineProperty(target.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Model): unknown {
      if (!oneToOne) return new RelatedManager(field, this);
      const cached = getCached(this, name);
      if (cached === null) throw new field.model!.DoesNotExist(`${this.model.meta.objectName} has no ${name}.`);
      if (cached !== undefined) return cached;
      const variable = this.model.meta.objectName.charAt(0).toLowerCase() + this.model.meta.objectName.slice(1);
      throw new RelatedObjectNotLoaded(`${this.model.meta.objectName}.${name} is not loaded; use \`await ${variable}.load('${name}')\`.`);
    },
  });
}

/** Fetches, caches and returns a relation of an instance: Model.load(). */
export async function loadRelation(instance: Model, name: string): Promise<Model | null> {
  const meta = instance.model.meta;
  const db = instance._state.db ?? undefined;
  const field = meta.findField(name);
  if (field !== undefined && field.isRelation && field.name === name && !field.manyToMany) {
    const fk = field as ForeignKey;
    const key = (instance as unknown as Row)[fk.attname];
    if (key === null || key === undefined) return null;
    let qs = new QuerySet<Model>(fk.relatedModel);
    if (db !== undefined) qs = qs.using(db);
    const related = await qs.get({ [fk.targetField.name]: key });
    setCached(instance, fk.name, related);
    return related;
  }
  const reverse = meta.relatedObjects.find((r) => r.accessorName === name && r.field.unique);
  if (reverse !== undefined) {
    const fk = reverse.field as ForeignKey;
    let qs = new QuerySet<Model>(fk.model!);
    if (db !== undefined) qs = qs.using(db);
    const key = (instance as unknown as Row)[fk.targetField.attname];
    let related: Model;
    try {
      related = await qs.get({ [fk.attname]: key });
    } catch (error) {
      if (error instanceof fk.model!.DoesNotExist) setCached(instance, name, null);
      throw error;
    }
    setCached(instance, name, related);
    setCached(related, fk.name, instance);
    return related;
  }
  const names = [
    ...meta.fields.filter((f) => f.isRelation && !f.manyToMany).map((f) => f.name),
    ...meta.relatedObjects.filter((r) => r.field.unique).map((r) => r.accessorName),
  ];
  throw new FieldDoesNotExist(`${meta.objectName} has no relation named '${name}' to load. Relations: ${names.join(', ') || 'none'}.`);
}
