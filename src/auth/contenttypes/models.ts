import { apps, defineModel, fields, registerModel } from '../../db/index.js';
import type { Model, ModelClass } from '../../db/index.js';
import { appVerboseName } from './app-verbose-name.js';
import { ContentTypeManager } from './manager.js';

/**
 * A model known to the project: Django's django.contrib.contenttypes ContentType, same table
 * (django_content_type) and columns (id, app_label, model). `modelName` holds the `model`
 * column: a model instance's `model` already names its class.
 *
 * @example
 * const ct = await ContentType.objects.getForModel(User);
 * [ct.appLabel, ct.modelName]; // ['auth', 'user']
 */
export class ContentType extends defineModel('contenttypes.ContentType', {
  appLabel: fields.CharField({ maxLength: 100, dbColumn: 'app_label' }),
  modelName: fields.CharField({ maxLength: 100, dbColumn: 'model', verboseName: 'python model class name' }),
}, {
  dbTable: 'django_content_type',
  uniqueTogether: [['appLabel', 'modelName']],
  verboseName: 'content type',
  verboseNamePlural: 'content types',
}) {
  static override get objects(): ContentTypeManager {
    return ContentTypeManager.of(this);
  }

  /** The model's verbose name, or the stored name when the model is not installed. */
  get name(): string {
    return this.modelClass()?.meta.verboseName ?? this.modelName;
  }

  /** `'<app verbose name> | <model verbose name>'` as Django 5.x's app_labeled_name. */
  get appLabeledName(): string {
    const model = this.modelClass();
    if (model === null) return this.modelName;
    return `${appVerboseName(model.meta.appLabel)} | ${model.meta.verboseName}`;
  }

  /** The model class this row stands for, or null when it is not installed. */
  modelClass(): ModelClass | null {
    const label = `${this.appLabel}.${this.modelName}`;
    return apps.hasModel(label) ? apps.getModel(label) : null;
  }

  /** The object of this type matching the lookups (on this content type's database). */
  getObjectForThisType(lookups: Readonly<Record<string, unknown>>): Promise<Model> {
    return this.#modelOrThrow().objects.using(this._state.db ?? 'default').get(lookups as never) as Promise<Model>;
  }

  /** Every object of this type matching the lookups. */
  getAllObjectsForThisType(lookups: Readonly<Record<string, unknown>> = {}): ReturnType<ModelClass['objects']['filter']> {
    return this.#modelOrThrow().objects.using(this._state.db ?? 'default').filter(lookups as never);
  }

  /** `[app_label, model]`: Django's natural key. */
  naturalKey(): [string, string] {
    return [this.appLabel, this.modelName];
  }

  override toString(): string {
    return this.appLabeledName;
  }

  #modelOrThrow(): ModelClass {
    const model = this.modelClass();
    if (model === null) throw new TypeError(`ContentType ${this.appLabel}.${this.modelName} stands for no installed model.`);
    return model;
  }
}
registerModel(ContentType);
