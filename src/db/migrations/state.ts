import type { AnyField as Field } from '../fields/field.js';
import { defineModel } from '../models/define.js';
import type { ModelClass } from '../models/model.js';
import type { MetaOptions } from '../models/options.js';
import { Apps } from '../models/registry.js';
import type { Manager } from '../query/manager.js';

/**
 * A manager class a migration state keeps for its historical model: one whose class says
 * `static useInMigrations = true` (Django's use_in_migrations), so data migrations can call its
 * methods (`state.apps.getModel('auth.User').objects.createUser(…)`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MigrationManagerClass = typeof Manager<any> & { readonly useInMigrations?: boolean };

/** Meta options a migration records (the registry is the state's own). */
export type StateOptions = Omit<MetaOptions, 'apps'>;

/** A new field of the same class with the same options: states never share field objects. */
export function cloneField<F extends Field>(field: F): F {
  return Reflect.construct(field.constructor, [field.options]) as F;
}

/**
 * One model as migrations see it: app, name, fields and options, without the class. Django's
 * ModelState.
 */
export class ModelState {
  readonly appLabel: string;
  readonly name: string;
  readonly fields: ReadonlyArray<readonly [string, Field]>;
  readonly options: Readonly<StateOptions>;
  /** `[name, class]` of the managers the historical model gets (Django's CreateModel managers). */
  readonly managers: ReadonlyArray<readonly [string, MigrationManagerClass]>;

  constructor(
    appLabel: string,
    name: string,
    fields: ReadonlyArray<readonly [string, Field]>,
    options: StateOptions = {},
    managers: ReadonlyArray<readonly [string, MigrationManagerClass]> = [],
  ) {
    this.appLabel = appLabel;
    this.name = name;
    this.fields = fields;
    this.options = options;
    this.managers = managers;
  }

  get nameLower(): string {
    return this.name.toLowerCase();
  }

  get key(): string {
    return `${this.appLabel}.${this.nameLower}`;
  }

  /** The state of a defined model class; options equal to their defaults are left out. */
  static fromModel(model: ModelClass): ModelState {
    const meta = model.meta;
    const options: StateOptions = {};
    if (meta.dbTable !== `${meta.appLabel}_${meta.modelName}`) options.dbTable = meta.dbTable;
    if (meta.ordering.length > 0) options.ordering = meta.ordering;
    if (meta.uniqueTogether.length > 0) options.uniqueTogether = meta.uniqueTogether;
    if (meta.indexes.length > 0) options.indexes = meta.indexes;
    if (!meta.managed) options.managed = false;
    if (meta.permissions.length > 0) options.permissions = meta.permissions;
    if (meta.defaultPermissions.join() !== 'add,change,delete,view') options.defaultPermissions = meta.defaultPermissions;
    const fields = meta.fields.map((field) => [field.name, cloneField(field)] as const);
    const manager = (model.objects as object).constructor as MigrationManagerClass;
    const managers = manager.useInMigrations === true ? [['objects', manager] as const] : [];
    return new ModelState(meta.appLabel, meta.objectName, fields, options, managers);
  }

  getField(name: string): Field | undefined {
    return this.fields.find(([n]) => n === name)?.[1];
  }

  /** A copy with fields cloned, optionally changed. */
  with(changes: { fields?: ReadonlyArray<readonly [string, Field]>; options?: StateOptions; name?: string }): ModelState {
    return new ModelState(
      this.appLabel,
      changes.name ?? this.name,
      (changes.fields ?? this.fields).map(([n, f]) => [n, cloneField(f)] as const),
      changes.options ?? this.options,
      this.managers,
    );
  }

  /** A model class for this state in the given registry (a historical model). */
  render(registry: Apps): ModelClass {
    const fields = Object.fromEntries(this.fields.map(([n, f]) => [n, cloneField(f)]));
    const model = defineModel(`${this.appLabel}.${this.name}`, fields, { ...this.options, apps: registry });
    for (const [name, manager] of this.managers) {
      Object.defineProperty(model, name, { configurable: true, get: () => manager.of(model) });
    }
    return model;
  }
}

/**
 * Every model of every app as the migrations so far leave them: Django's ProjectState. Operations
 * change it with stateForwards(); `apps` renders it into historical model classes.
 */
export class ProjectState {
  readonly models = new Map<string, ModelState>();
  #apps: Apps | undefined;

  static fromApps(registry: Apps, appLabels?: readonly string[]): ProjectState {
    const state = new ProjectState();
    for (const model of registry.getModels()) {
      if (appLabels !== undefined && !appLabels.includes(model.meta.appLabel)) continue;
      // A through model made by a ManyToManyField comes back with the field when the state is rendered.
      if (model.meta.autoCreated) continue;
      state.addModel(ModelState.fromModel(model));
    }
    return state;
  }

  addModel(model: ModelState): void {
    this.models.set(model.key, model);
    this.#apps = undefined;
  }

  removeModel(appLabel: string, name: string): void {
    this.models.delete(`${appLabel}.${name.toLowerCase()}`);
    this.#apps = undefined;
  }

  getModel(appLabel: string, name: string): ModelState {
    const model = this.models.get(`${appLabel}.${name.toLowerCase()}`);
    if (model === undefined) throw new TypeError(`The migration state has no model ${appLabel}.${name}.`);
    return model;
  }

  /** Replaces a model's state (after a field or option change). */
  replaceModel(model: ModelState): void {
    this.addModel(model);
  }

  clone(): ProjectState {
    const copy = new ProjectState();
    for (const model of this.models.values()) copy.addModel(model.with({}));
    return copy;
  }

  /** The historical models of this state, rendered once and cached until the state changes. */
  get apps(): Apps {
    if (this.#apps === undefined) {
      const registry = new Apps();
      for (const model of this.models.values()) model.render(registry);
      this.#apps = registry;
    }
    return this.#apps;
  }
}
