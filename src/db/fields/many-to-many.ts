import { ImproperlyConfigured } from '../../conf/errors.js';
import { defineModel } from '../models/define.js';
import type { ModelClass } from '../models/model.js';
import { installManyToManyAccessors } from '../models/many-descriptors.js';
import { apps } from '../models/registry.js';
import type { ColumnSpec } from '../types.js';
import { Field } from './field.js';
import { relatedLabelOf, relatedModelOf } from './relation-target.js';
import type { Deconstructed, FieldOptions } from './field.js';
import { CASCADE, ForeignKey } from './related.js';
import type { RelationTarget } from './related.js';

/** The options of ManyToManyField. */
export interface ManyToManyOptions extends FieldOptions<unknown> {
  /** The reverse accessor on the target (`book_set` by default) and the reverse query name. */
  relatedName?: string;
  /** The name of the reverse relation in queries; relatedName, else the model name, by default (Django's related_query_name). */
  relatedQueryName?: string;
  /** A model of your own for the join table ('app.Model' or class); automatic when left out. */
  through?: RelationTarget;
  /** The automatic join table's name; `<model table>_<field>` by default, as Django names it. */
  dbTable?: string;
  /**
   * For 'self': true (the default, as Django) stores each link both ways and has no reverse
   * side; false makes it one-way, with a reverse side (`person_set`).
   */
  symmetrical?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyForeignKey = ForeignKey<any, any>;

/**
 * A many-to-many relation: Django's ManyToManyField. No column: the pairs live in a through
 * model, made automatically (table `<model table>_<field>`, columns `<model>_id`/`<to>_id`)
 * unless `through` names one. `book.tags` is a ManyRelatedManager.
 *
 * @example
 * class Book extends defineModel('shop.Book', { tags: fields.ManyToManyField('shop.Tag') }) {}
 * await book.tags.add(red, blue);
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class ManyToManyField<T = any> extends Field<T> {
  readonly internalType: string = 'ManyToManyField';
  override readonly isRelation = true;
  override readonly manyToMany = true;
  #label: string | undefined;
  #through: ModelClass | undefined;

  constructor(options: ManyToManyOptions & { to: RelationTarget }) {
    super(options as FieldOptions<T>);
    if (options.null !== undefined) throw new ImproperlyConfigured('ManyToManyField has no null option: a relation without rows is already empty.');
  }

  get relationOptions(): Readonly<ManyToManyOptions & { to: RelationTarget }> {
    return this.options as unknown as Readonly<ManyToManyOptions & { to: RelationTarget }>;
  }

  /** The label of the related model ('app.Model'). */
  get relatedLabel(): string {
    if (this.#label !== undefined) return this.#label;
    return relatedLabelOf(this.relationOptions.to, this.model);
  }

  get relatedModel(): ModelClass {
    return relatedModelOf(this.relatedLabel, this.model, String(this));
  }

  /** The field's model as the registry holds it now (the subclass, once `class X extends defineModel(…)` is used). */
  get ownerModel(): ModelClass {
    const registry = this.model!.meta.apps ?? apps;
    return registry.hasModel(this.model!.meta.label) ? registry.getModel(this.model!.meta.label) : this.model!;
  }

  /** The through model; ImproperlyConfigured until both ends are registered. */
  get through(): ModelClass {
    if (this.#through === undefined) {
      throw new ImproperlyConfigured(`${String(this)} is not ready: '${this.relatedLabel}' is not a registered model yet.`);
    }
    const registry = this.model?.meta.apps ?? apps;
    return registry.hasModel(this.#through.meta.label) ? registry.getModel(this.#through.meta.label) : this.#through;
  }

  /** The through model's key to this field's model. */
  get sourceKey(): AnyForeignKey {
    return this.#keyTo(this.model!, 0);
  }

  /** The through model's key to the related model. */
  get targetKey(): AnyForeignKey {
    return this.#keyTo(this.relatedModel, 1);
  }

  #keyTo(model: ModelClass, index: number): AnyForeignKey {
    const keys = this.through.meta.fields.filter((f) => f.isRelation && !f.manyToMany) as AnyForeignKey[];
    const matching = keys.filter((k) => k.relatedLabel.toLowerCase() === model.meta.labelLower);
    const key = matching.length > 1 ? matching[index] : matching[0];
    if (key === undefined) throw new ImproperlyConfigured(`${this.through.meta.label} (through model of ${String(this)}) has no ForeignKey to ${model.meta.label}.`);
    return key;
  }

  /** True for a link stored both ways: 'self' unless `symmetrical: false`. */
  get symmetrical(): boolean {
    return this.relationOptions.symmetrical ?? this.relatedLabel.toLowerCase() === this.model?.meta.labelLower;
  }

  // A symmetrical relation has no reverse side: Django hides it under `<model>_rel_+`.
  get relatedQueryName(): string {
    if (this.symmetrical) return `${this.model!.meta.modelName}_rel_+`;
    return this.relationOptions.relatedQueryName ?? this.relationOptions.relatedName ?? this.model!.meta.modelName;
  }

  get accessorName(): string {
    if (this.symmetrical) return `${this.model!.meta.modelName}_rel_+`;
    return this.relationOptions.relatedName ?? `${this.model!.meta.modelName}_set`;
  }

  override contributeToClass(model: ModelClass, name: string): void {
    super.contributeToClass(model, name);
    this.#label = undefined;
    this.#label = this.relatedLabel;
    if (this.relationOptions.symmetrical === true && this.#label.toLowerCase() !== model.meta.labelLower) {
      throw new ImproperlyConfigured(`${String(this)}: symmetrical is only for a relation to 'self', not to '${this.#label}'.`);
    }
    (this as { options: unknown }).options = Object.freeze({ ...this.options, to: this.#label });
    const registry = model.meta.apps ?? apps;
    registry.whenRegistered(model.meta.label, () => {
      registry.whenRegistered(this.#label!, (target) => {
        this.#through = this.#makeThrough(registry);
        if (!target.meta.relatedManyToMany.some((f) => f === this)) target.meta.relatedManyToMany.push(this);
        installManyToManyAccessors(this);
      });
    });
  }

  #makeThrough(registry: typeof apps): ModelClass {
    const through = this.relationOptions.through;
    if (through !== undefined) {
      const label = typeof through === 'string' ? (through.includes('.') ? through : `${this.model!.meta.appLabel}.${through}`) : through.meta.label;
      return registry.getModel(label);
    }
    const meta = this.model!.meta;
    const label = `${meta.appLabel}.${meta.objectName}_${this.name}`;
    if (registry.hasModel(label)) return registry.getModel(label);
    const self = this.#label!.toLowerCase() === meta.labelLower;
    const toName = this.#label!.split('.')[1]!.toLowerCase();
    const from = self ? `from_${meta.modelName}` : meta.modelName;
    const to = self ? `to_${toName}` : toName;
    const hidden = `${meta.objectName}_${this.name}+`;
    const keys = {
      [from]: new ForeignKey({ to: meta.label, onDelete: CASCADE, relatedName: hidden }),
      [to]: new ForeignKey({ to: this.#label!, onDelete: CASCADE, relatedName: hidden }),
    };
    return defineModel(label, keys, {
      apps: registry,
      dbTable: this.relationOptions.dbTable ?? `${meta.dbTable}_${this.name}`,
      uniqueTogether: [[from, to]],
      autoCreated: true,
    });
  }

  /** Values never reach a many-to-many field directly: Django refuses the assignment the same way. */
  toJs(_value: unknown): T | null {
    throw new TypeError(`Direct assignment to ${String(this)} is prohibited; use ${this.name}.set() instead.`);
  }

  override columnSpec(): ColumnSpec {
    throw new ImproperlyConfigured(`${String(this)} is a many-to-many relation: it has no column (its rows are in ${this.#through?.meta.dbTable ?? 'its through table'}).`);
  }

  override deconstruct(): Deconstructed {
    const { options } = super.deconstruct();
    const through = this.relationOptions.through;
    const rest: Record<string, unknown> = { ...options, to: this.relatedLabel };
    if (through !== undefined && typeof through !== 'string') rest.through = through.meta.label;
    return { type: this.constructor.name, options: rest };
  }
}
