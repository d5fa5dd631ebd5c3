import { ImproperlyConfigured } from '../../conf/errors.js';
import type { Model, ModelClass } from '../models/model.js';
import { installForwardAccessor, installReverseAccessor } from '../models/related-descriptors.js';
import { apps } from '../models/registry.js';
import type { ColumnSpec, DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import { relatedLabelOf, relatedModelOf } from './relation-target.js';
import type { Deconstructed, FieldOptions } from './field.js';

/** What happens to rows pointing at a deleted row: Django's on_delete handlers, by name. */
export type OnDelete = 'CASCADE' | 'PROTECT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING' | 'RESTRICT';
export const CASCADE = 'CASCADE';
export const PROTECT = 'PROTECT';
export const SET_NULL = 'SET_NULL';
export const SET_DEFAULT = 'SET_DEFAULT';
export const DO_NOTHING = 'DO_NOTHING';
export const RESTRICT = 'RESTRICT';
const ON_DELETE: readonly OnDelete[] = [CASCADE, PROTECT, SET_NULL, SET_DEFAULT, DO_NOTHING, RESTRICT];

/** The options of ForeignKey and OneToOneField. */
export interface RelationOptions extends FieldOptions<unknown> {
  onDelete: OnDelete;
  /** The reverse accessor on the target (`book_set` by default) and the reverse query name. */
  relatedName?: string;
  /** The name of the reverse relation in queries (`filter({ <name>__… })`); relatedName, else the model name, by default. */
  relatedQueryName?: string;
  /** The target field the key refers to; its primary key by default. */
  toField?: string;
  /** False: no FOREIGN KEY constraint in the database. */
  dbConstraint?: boolean;
}

/** A model class, an 'app.Model' label, or 'self'. */
export type RelationTarget = ModelClass | string;

/**
 * A many-to-one relation: Django's ForeignKey. The instance holds the key as `<name>_id` and the
 * related object (once loaded) as `<name>`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class ForeignKey<T = any, Id = number> extends Field<T> {
  /** For the compiler only: the type of `<name>_id`. */
  declare readonly relationId: Id;
  readonly internalType: string = 'ForeignKey';
  override readonly isRelation = true;
  #label: string | undefined;

  constructor(options: RelationOptions & { to: RelationTarget }) {
    super(options as FieldOptions<T>);
    if (!ON_DELETE.includes(options.onDelete)) {
      throw new ImproperlyConfigured(`${this.constructor.name} needs onDelete, one of ${ON_DELETE.join(', ')}; got ${JSON.stringify(options.onDelete)}.`);
    }
    if (options.onDelete === SET_NULL && options.null !== true) {
      throw new ImproperlyConfigured(`${this.constructor.name} with onDelete: 'SET_NULL' needs null: true.`);
    }
  }

  /** The options with the relation's own keys typed. */
  get relationOptions(): Readonly<RelationOptions & { to: RelationTarget }> {
    return this.options as unknown as Readonly<RelationOptions & { to: RelationTarget }>;
  }

  override get attname(): string {
    return `${this.name}_id`;
  }

  get onDelete(): OnDelete {
    return this.relationOptions.onDelete;
  }

  /** The label of the related model ('app.Model'). */
  get relatedLabel(): string {
    if (this.#label !== undefined) return this.#label;
    return relatedLabelOf(this.relationOptions.to, this.model);
  }

  /** The related model class, from the registry of this field's model (so subclasses win). */
  get relatedModel(): ModelClass {
    return relatedModelOf(this.relatedLabel, this.model, String(this));
  }

  /** The field on the related model that the key holds. */
  get targetField(): Field {
    const meta = this.relatedModel.meta;
    return this.relationOptions.toField === undefined ? meta.pk : meta.getField(this.relationOptions.toField);
  }

  /** The name of the reverse relation on the related model: relatedName or `<model>` (queries) / `<model>_set`. */
  get relatedQueryName(): string {
    return this.relationOptions.relatedQueryName ?? this.relationOptions.relatedName ?? this.model!.meta.modelName;
  }

  get accessorName(): string {
    return this.relationOptions.relatedName ?? `${this.model!.meta.modelName}_set`;
  }

  override contributeToClass(model: ModelClass, name: string): void {
    super.contributeToClass(model, name);
    this.#label = undefined;
    this.#label = this.relatedLabel;
    // The bound field keeps the resolved label, so copies (migration states) need no model to read 'self'.
    (this as { options: unknown }).options = Object.freeze({ ...this.options, to: this.#label });
    installForwardAccessor(model, this);
    (model.meta.apps ?? apps).whenRegistered(this.#label, (target) => {
      // The field's model is registered by now too (its meta is final): read it through the field.
      const meta = target.meta;
      if (!meta.relatedObjects.some((r) => r.field === this)) {
        meta.relatedObjects.push({ field: this, relatedModelLabel: this.model!.meta.label, accessorName: this.accessorName });
      }
      installReverseAccessor(target, this);
    });
  }

  /** A related instance stands for its key; anything else is converted by the target field. */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'object' && 'pk' in value && typeof (value as Model).model === 'function') {
      return (value as unknown as Record<string, unknown>)[this.targetField.attname] as T;
    }
    return this.targetField.toJs(value) as T | null;
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    return value === null || value === undefined ? null : this.targetField.toDb(value, connection);
  }

  override fromDb(value: unknown, connection: DatabaseWrapper): T | null {
    return this.targetField.fromDb(value, connection) as T | null;
  }

  override columnSpec(): ColumnSpec {
    const target = this.targetField.columnSpec();
    const spec = { ...super.columnSpec(), dbIndex: this.options.dbIndex ?? !this.unique };
    return { ...spec, references: { table: this.relatedModel.meta.dbTable, column: target.column, target, constraint: this.relationOptions.dbConstraint !== false } };
  }

  override deconstruct(): Deconstructed {
    const { options } = super.deconstruct();
    return { type: this.constructor.name, options: { ...options, to: this.relatedLabel } };
  }
}

/** A one-to-one relation: a unique ForeignKey whose reverse side is a single object. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class OneToOneField<T = any, Id = number> extends ForeignKey<T, Id> {
  override readonly internalType: string = 'OneToOneField';

  override get unique(): boolean {
    return true;
  }

  override get accessorName(): string {
    return this.relationOptions.relatedName ?? this.model!.meta.modelName;
  }
}
