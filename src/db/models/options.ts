import { FieldDoesNotExist } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { ManyToManyField } from '../fields/many-to-many.js';
import type { Apps } from './registry.js';

/** What a model may say about itself: Django's `class Meta`. */
export interface MetaOptions {
  /** The table; default `<app_label>_<modelname>` as Django names it. */
  dbTable?: string;
  /** Default order of QuerySets: field names, `-` for descending. */
  ordering?: readonly string[];
  uniqueTogether?: ReadonlyArray<readonly string[]>;
  indexes?: ReadonlyArray<{ readonly fields: readonly string[]; readonly name?: string }>;
  verboseName?: string;
  verboseNamePlural?: string;
  /** False: migrations leave the table alone (it is made elsewhere). */
  managed?: boolean;
  /** The field latest()/earliest() use by default. */
  getLatestBy?: string;
  /** Extra permissions `[codename, name]` auth makes for the model, beside the default ones. */
  permissions?: ReadonlyArray<readonly [codename: string, name: string]>;
  /** The actions auth makes permissions for; Django's ['add', 'change', 'delete', 'view'] by default. */
  defaultPermissions?: readonly string[];
  /**
   * The registry the model joins; the default is the process's `apps`. Migrations build their
   * historical models in registries of their own.
   */
  apps?: Apps;
  /** True for the through model a ManyToManyField makes: migrations leave it to the field. */
  autoCreated?: boolean;
}

/** Django's default Meta.default_permissions. */
const DEFAULT_PERMISSIONS: readonly string[] = Object.freeze(['add', 'change', 'delete', 'view']);

/** A relation that points at this model from another: what `book.review_set` is built from. */
export interface RelatedObject {
  readonly field: Field;
  readonly relatedModelLabel: string;
  /** The accessor on this model's instances, e.g. `review_set`. */
  readonly accessorName: string;
}

/**
 * A model's metadata: Django's `Model._meta`. Built once when the model is defined; fields are
 * in declaration order with the primary key first.
 */
export class Options {
  readonly appLabel: string;
  readonly objectName: string;
  /** Lower-case model name, as Django's model_name. */
  readonly modelName: string;
  /** `app_label.ObjectName`. */
  readonly label: string;
  readonly labelLower: string;
  readonly dbTable: string;
  readonly ordering: readonly string[];
  readonly uniqueTogether: ReadonlyArray<readonly string[]>;
  readonly indexes: ReadonlyArray<{ readonly fields: readonly string[]; readonly name?: string }>;
  readonly managed: boolean;
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  readonly getLatestBy: string | undefined;
  readonly permissions: ReadonlyArray<readonly [codename: string, name: string]>;
  readonly defaultPermissions: readonly string[];
  /** The registry the model is in. */
  readonly apps: Apps | undefined;
  readonly fields: readonly Field[];
  readonly pk: Field;
  /** Reverse relations, added as other models point here. */
  readonly relatedObjects: RelatedObject[] = [];
  /** ManyToManyFields of other models (or this one) pointing here: `tag.book_set`. */
  readonly relatedManyToMany: ManyToManyField[] = [];
  /** A through model made by a ManyToManyField. */
  readonly autoCreated: boolean;
  readonly #byName: ReadonlyMap<string, Field>;
  // Read for every row a QuerySet builds, so computed once.
  #concrete: readonly Field[] | undefined;

  constructor(appLabel: string, objectName: string, fields: readonly Field[], meta: MetaOptions = {}) {
    this.appLabel = appLabel;
    this.objectName = objectName;
    this.modelName = objectName.toLowerCase();
    this.label = `${appLabel}.${objectName}`;
    this.labelLower = this.label.toLowerCase();
    this.dbTable = meta.dbTable ?? `${appLabel}_${this.modelName}`;
    this.ordering = meta.ordering ?? [];
    this.uniqueTogether = meta.uniqueTogether ?? [];
    this.indexes = meta.indexes ?? [];
    this.managed = meta.managed ?? true;
    this.verboseName = meta.verboseName ?? objectName.replace(/(?<=[a-z])(?=[A-Z])/g, ' ').toLowerCase();
    this.verboseNamePlural = meta.verboseNamePlural ?? `${this.verboseName}s`;
    this.getLatestBy = meta.getLatestBy;
    this.permissions = meta.permissions ?? [];
    this.defaultPermissions = meta.defaultPermissions ?? DEFAULT_PERMISSIONS;
    this.apps = meta.apps;
    this.autoCreated = meta.autoCreated === true;
    this.fields = fields;
    const pk = fields.find((f) => f.primaryKey);
    if (pk === undefined) throw new TypeError(`${this.label} has no primary key field.`);
    this.pk = pk;
    const byName = new Map<string, Field>();
    for (const field of fields) {
      byName.set(field.name, field);
      if (field.attname !== field.name) byName.set(field.attname, field);
    }
    this.#byName = byName;
  }

  /** Fields with a column on this model's table, in order. */
  get concreteFields(): readonly Field[] {
    return (this.#concrete ??= Object.freeze(this.fields.filter((f) => f.concrete)));
  }

  /** Many-to-many fields declared on this model. */
  get manyToMany(): readonly Field[] {
    return this.fields.filter((f) => f.manyToMany);
  }

  /**
   * The field of that name (or attname, or `pk`); an unknown name is FieldDoesNotExist naming the
   * model and listing the fields it has.
   */
  getField(name: string): Field {
    const field = name === 'pk' ? this.pk : this.#byName.get(name);
    if (field !== undefined) return field;
    throw new FieldDoesNotExist(
      `${this.objectName} has no field named '${name}'. Choices are: ${this.fields.map((f) => f.name).join(', ')}.`,
    );
  }

  /** Like getField() but undefined for an unknown name. */
  findField(name: string): Field | undefined {
    return name === 'pk' ? this.pk : this.#byName.get(name);
  }
}
