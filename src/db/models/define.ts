import { ImproperlyConfigured } from '../../conf/errors.js';
import { MultipleObjectsReturned, ObjectDoesNotExist } from '../errors.js';
import type { Field, FieldValue } from '../fields/field.js';
import { AutoField } from '../fields/index.js';
import { Manager } from '../query/manager.js';
import { classPrepared } from '../signals.js';
import { Model } from './model.js';
import type { ModelClass, ModelStatic } from './model.js';
import { Options } from './options.js';
import type { MetaOptions } from './options.js';
import { apps } from './registry.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FieldMap = Readonly<Record<string, Field<any>>>;

/** The instance type a field map gives: each field's value type, plus `id` when no field is named so. */
export type ModelInstance<F extends FieldMap> = Model & { -readonly [K in keyof F]: FieldValue<F[K]> } &
  RelationKeys<F> & ('id' extends keyof F ? unknown : { id: number });

/** The extra keys relation fields give: `author_id` for a ForeignKey `author`, of the key's type. */
export type RelationKeys<F extends FieldMap> = {
  -readonly [K in keyof F as F[K] extends { readonly relationId: unknown } ? `${K & string}_id` : never]: F[K] extends { readonly relationId: infer I } ? I : never;
};

const managers = new WeakMap<object, Manager<Model>>();

/**
 * Defines a model: its app and name, its fields, its Meta. The class it returns (or a class
 * extending it, for methods of your own) is the model; `book.title` is typed from the fields.
 * Without a primary key field an `id` AutoField comes first, as in Django.
 *
 * @example
 * export class Book extends defineModel('demo.Book', {
 *   title: fields.CharField({ maxLength: 64 }),
 *   price: fields.IntegerField(),
 * }) {}
 * const book = await Book.objects.create({ title: 'book1', price: 31 });
 */
export function defineModel<const F extends FieldMap>(
  label: string,
  fields: F,
  meta: MetaOptions = {},
): ModelStatic<ModelInstance<F>> {
  const [appLabel, objectName, extra] = label.split('.');
  if (!appLabel || !objectName || extra !== undefined || !/^[A-Za-z_]\w*$/.test(objectName)) {
    throw new ImproperlyConfigured(`defineModel() needs a label 'app_label.ModelName', not ${JSON.stringify(label)}.`);
  }
  const entries = Object.entries(fields);
  if (!entries.some(([, field]) => field.primaryKey)) entries.unshift(['id', new AutoField({ primaryKey: true })]);

  const DoesNotExist = class extends ObjectDoesNotExist {};
  const Multiple = class extends MultipleObjectsReturned {};
  Object.defineProperty(DoesNotExist, 'name', { value: `${objectName}.DoesNotExist` });
  Object.defineProperty(Multiple, 'name', { value: `${objectName}.MultipleObjectsReturned` });

  let options: Options;
  const Defined = class extends Model {
    static get meta(): Options {
      return options;
    }

    /** The manager of the class it is read from, so a subclass's queries yield the subclass. */
    static get objects(): Manager<Model> {
      adopt(this as unknown as ModelClass);
      let manager = managers.get(this);
      if (manager === undefined) managers.set(this, (manager = new Manager<Model>(this as unknown as ModelClass)));
      return manager;
    }

    static readonly DoesNotExist = DoesNotExist;
    static readonly MultipleObjectsReturned = Multiple;

    constructor(data?: Readonly<Record<string, unknown>>) {
      super(data);
      adopt(new.target as unknown as ModelClass);
    }
  };
  Object.defineProperty(Defined, 'name', { value: objectName });
  options = new Options(appLabel, objectName, entries.map(([, field]) => field), meta);
  for (const [name, field] of entries) field.contributeToClass(Defined as unknown as ModelClass, name);
  // Options indexes fields by name, which contributeToClass has just set.
  options = new Options(appLabel, objectName, entries.map(([, field]) => field), meta);
  (meta.apps ?? apps).register(Defined as unknown as ModelClass);
  classPrepared.send(Defined as unknown as ModelClass);
  return Defined as unknown as ModelStatic<ModelInstance<F>>;
}

/**
 * `class Book extends defineModel(…) {}`: the registry first holds the defined class; the first
 * time the subclass is used, it takes its place, so relations and the registry yield Book too.
 */
const adopted = new WeakSet<ModelClass>();

/**
 * Makes a class that extends a defined model the one the registry holds, now rather than at its
 * first use: for code that finds models by label before anything used the class (auth's
 * getUserModel() on a model whose methods are in a subclass). Call it after the class.
 *
 * @example
 * export class Customer extends AbstractUser(defineModel('shop.Customer', { ...abstractUserFields() })) {}
 * registerModel(Customer);
 */
export function registerModel(model: ModelClass): void {
  adopt(model);
}

function adopt(model: ModelClass): void {
  // Once per class: after the first time, the registry already holds the most derived class.
  if (adopted.has(model)) return;
  adopted.add(model);
  const registry = model.meta.apps ?? apps;
  const label = model.meta.label;
  const registered = registry.hasModel(label) ? registry.getModel(label) : undefined;
  if (registered === model || registered === undefined) return;
  if (model.prototype instanceof registered) {
    registry.unregister(label);
    registry.register(model);
  }
}
