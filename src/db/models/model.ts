import { ValidationError } from '../errors.js';
import type { MultipleObjectsReturned, ObjectDoesNotExist } from '../errors.js';
import { deleteInstance, refreshInstance, saveInstance } from '../query/instance-ops.js';
import type { DeleteResult, SaveOptions } from '../query/instance-ops.js';
import type { Manager } from '../query/manager.js';
import { postInit, preInit } from '../signals.js';
import type { Options } from './options.js';
import { loadRelation } from './related-descriptors.js';

/** The names of an instance type's forward relations: the keys K that have a `K_id` beside them. */
export type RelationName<M> = { [K in keyof M & string]: `${K}_id` extends keyof M ? K : never }[keyof M & string];

/** Where an instance stands: Django's `_state`. */
export interface ModelState {
  /** True until the instance is saved or loaded from the database. */
  adding: boolean;
  /** The database alias it was loaded from or saved to. */
  db: string | null;
}

/**
 * The static side of a model class: `Book.meta`, `Book.objects`, `Book.DoesNotExist`.
 * Instances of `M` are what its QuerySets yield.
 */
export interface ModelStatic<M extends Model = Model> {
  new (data?: Readonly<Record<string, unknown>>): M;
  readonly meta: Options;
  readonly objects: Manager<M>;
  readonly DoesNotExist: new (message?: string) => ObjectDoesNotExist;
  readonly MultipleObjectsReturned: new (message?: string) => MultipleObjectsReturned;
}

/** Any model class. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelClass = ModelStatic<any>;

// Data objects built from database rows; the constructor trusts them and skips the checks.
const FROM_DB = new WeakSet<object>();

/**
 * Builds an instance from a row's converted values (keyed by attname), marked as loaded from
 * `db`: Django's Model.from_db. Cheaper than `new Model(data)`, which checks every key.
 */
export function instanceFromDb<M extends Model>(model: ModelStatic<M>, data: Record<string, unknown>, db: string): M {
  FROM_DB.add(data);
  const instance = new model(data);
  instance._state.adding = false;
  instance._state.db = db;
  return instance;
}

/**
 * The base of every model instance: Django's Model. Field values are plain properties
 * (`book.title`); `pk` is the primary key whatever its name. Define models with defineModel().
 */
export abstract class Model {
  readonly _state: ModelState = { adding: true, db: null };

  /**
   * Builds an unsaved instance: each field takes its value from `data`, else its default.
   * Sends pre_init and post_init, as Django does.
   */
  constructor(data: Readonly<Record<string, unknown>> = {}) {
    const model = new.target as unknown as ModelClass;
    if (preInit.hasListeners()) preInit.send(model, { args: [], kwargs: data });
    const meta = model.meta;
    const self = this as unknown as Record<string, unknown>;
    if (FROM_DB.delete(data)) {
      // A row just read: keyed by attname, already converted; only missing (deferred) fields need defaults.
      for (const field of meta.concreteFields) {
        const value = data[field.attname];
        self[field.attname] = value === undefined ? field.getDefault() : value;
      }
      if (postInit.hasListeners()) postInit.send(model, { instance: this });
      return;
    }
    for (const field of meta.concreteFields) {
      // A related instance given by the relation's name goes through its setter (key and cache).
      if (field.isRelation && field.name !== field.attname && field.name in data && !(field.attname in data)) {
        self[field.name] = data[field.name] ?? null;
        continue;
      }
      const given = field.attname in data ? data[field.attname] : field.name in data ? data[field.name] : undefined;
      self[field.attname] = given === undefined ? field.getDefault() : given;
    }
    for (const key of Object.keys(data)) {
      const known = meta.findField(key);
      // As Django: a many-to-many set needs a saved instance, so it cannot be given here.
      if (known?.manyToMany === true) throw new TypeError(`Direct assignment to the forward side of a many-to-many set is prohibited (${meta.objectName}.${key}); use ${key}.set() after saving.`);
      if (known === undefined && key !== 'pk') {
        throw new TypeError(`${meta.objectName}() got an unexpected field '${key}'. Fields: ${meta.fields.map((f) => f.name).join(', ')}.`);
      }
    }
    if ('pk' in data) self[meta.pk.attname] = data.pk;
    if (postInit.hasListeners()) postInit.send(model, { instance: this });
  }

  /** The model class of this instance. */
  get model(): ModelClass {
    return this.constructor as ModelClass;
  }

  /** The primary key's value, whatever the field is called. */
  get pk(): unknown {
    return (this as unknown as Record<string, unknown>)[this.model.meta.pk.attname];
  }

  set pk(value: unknown) {
    (this as unknown as Record<string, unknown>)[this.model.meta.pk.attname] = value;
  }

  /**
   * INSERT when new (or the pk is not in the table), UPDATE otherwise; `updateFields` limits the
   * UPDATE to those fields. Sends pre_save and post_save.
   */
  async save(options: SaveOptions = {}): Promise<void> {
    await saveInstance(this, options);
  }

  /** Deletes the row and what cascades from it; sends pre_delete/post_delete for each. */
  async delete(options: { using?: string } = {}): Promise<DeleteResult> {
    return deleteInstance(this, options);
  }

  /**
   * Fetches a relation (a ForeignKey/OneToOneField, or a reverse one-to-one), keeps it so the
   * property reads it without a query, and returns it; null for a null key.
   *
   * @example
   * const author = await book.load('author');
   * book.author.name; // no query
   */
  async load<K extends RelationName<this>>(name: K): Promise<this[K]>;
  async load(name: string): Promise<Model>;
  async load(name: string): Promise<Model | null> {
    return loadRelation(this, name);
  }

  /** Reloads the fields (all, or those named) from the database. */
  async refreshFromDb(options: { fields?: readonly string[]; using?: string } = {}): Promise<void> {
    await refreshInstance(this, options);
  }

  /**
   * Validates every field (and uniqueness where the database would refuse), throwing one
   * ValidationError with the messages of every field at fault. `exclude` skips fields.
   */
  fullClean(options: { exclude?: readonly string[] } = {}): void {
    cleanInstance(this, options.exclude ?? []);
  }

  /** Same model and same primary key (unsaved instances are equal only to themselves). */
  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Model) || other.model.meta !== this.model.meta) return false;
    return this.pk !== null && this.pk !== undefined && this.pk === other.pk;
  }

  /** The field values by attribute name, for JSON. */
  toJSON(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown>;
    return Object.fromEntries(this.model.meta.concreteFields.map((f) => [f.attname, self[f.attname]]));
  }

  toString(): string {
    return `${this.model.meta.objectName} object (${String(this.pk)})`;
  }
}

function cleanInstance(instance: Model, exclude: readonly string[]): void {
  const errors: Record<string, string[]> = {};
  const self = instance as unknown as Record<string, unknown>;
  for (const field of instance.model.meta.concreteFields) {
    if (exclude.includes(field.name) || field.options.editable === false) continue;
    try {
      self[field.attname] = field.clean(self[field.attname], instance);
    } catch (error) {
      const fieldErrors = (error as { errors?: Record<string, string[]> }).errors;
      if (fieldErrors === undefined) throw error;
      for (const [name, messages] of Object.entries(fieldErrors)) errors[name] = [...(errors[name] ?? []), ...messages];
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
}
