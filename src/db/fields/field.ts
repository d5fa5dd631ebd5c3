import { ValidationError } from '../errors.js';
import type { Model, ModelClass } from '../models/model.js';
import type { ColumnSpec, DatabaseWrapper } from '../types.js';

/** Validates one value; throws ValidationError (or returns a message) when it is not acceptable. */
export type Validator<T> = (value: T) => void | string;

/** The options every field takes: Django's Field keyword arguments in camelCase. */
export interface FieldOptions<T> {
  /** The column may hold NULL; the value type then includes null. */
  null?: boolean;
  /** fullClean() accepts an empty value. */
  blank?: boolean;
  /** A value, or a function called for each new instance. */
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  /** `[value, label]` pairs; fullClean() refuses any other value. */
  choices?: ReadonlyArray<readonly [T, string]>;
  /** Called with non-null, non-empty values only, as in Django. */
  validators?: ReadonlyArray<Validator<Exclude<T, null | undefined>>>;
  dbColumn?: string;
  primaryKey?: boolean;
  editable?: boolean;
  verboseName?: string;
  helpText?: string;
}

/** What deconstruct() gives the migration writer: the field's factory name and its options. */
export interface Deconstructed {
  /** The factory in `canter/db`'s `fields`, e.g. 'CharField'. */
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * A model field: Django's Field. A field knows its column, converts values to and from the
 * database for each vendor, validates, and describes itself for migrations. The type parameter is
 * the value type instances hold (`string`, `number | null`, …).
 */
// The default is `any` so that `Field` alone means "a field of some type": with `unknown`, a
// Field<string> would not be a Field, because validators take the value type as a parameter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export abstract class Field<T = any> {
  /** For the compiler only: the value type. */
  declare readonly valueType: T;
  /** Django's get_internal_type(), which picks the column type per vendor. */
  abstract readonly internalType: string;
  readonly options: Readonly<FieldOptions<T>>;
  /** The attribute name on the model; set when the model is defined. */
  name = '';
  /** The model the field belongs to; set when the model is defined. */
  model: ModelClass | undefined;
  /** True for ForeignKey, OneToOneField, ManyToManyField. */
  readonly isRelation: boolean = false;
  /** True for ManyToManyField: no column on this model's table. */
  readonly manyToMany: boolean = false;

  constructor(options: FieldOptions<T> = {}) {
    this.options = Object.freeze({ ...options });
  }

  /** The instance attribute holding the column value (`author_id` for a ForeignKey `author`). */
  get attname(): string {
    return this.name;
  }

  get column(): string {
    return this.options.dbColumn ?? this.attname;
  }

  get null(): boolean {
    return this.options.null === true;
  }

  get blank(): boolean {
    return this.options.blank === true;
  }

  get primaryKey(): boolean {
    return this.options.primaryKey === true;
  }

  get unique(): boolean {
    return this.options.unique === true || this.primaryKey;
  }

  /** False for many-to-many fields and other fields without a column. */
  get concrete(): boolean {
    return !this.manyToMany;
  }

  hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** The default for a new instance: the option (called when a function), else null (or '' for text fields). */
  getDefault(): T | null {
    const value = this.options.default;
    if (value === undefined) return this.emptyDefault();
    return typeof value === 'function' ? (value as () => T)() : value;
  }

  /** What an unset field holds: null, except where Django uses '' (text fields that are not null). */
  protected emptyDefault(): T | null {
    return null;
  }

  /**
   * Converts a value from user code (an assignment, a filter argument, a form) to the field's type,
   * or throws ValidationError naming the field: Django's to_python().
   */
  abstract toJs(value: unknown): T | null;

  /** The value as a query parameter for this vendor: Django's get_db_prep_value(). */
  toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return value;
  }

  /** The value as the driver returned it, converted to the field's type: Django's from_db_value(). */
  fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    return value as T | null;
  }

  /** The value to store just before a save (auto_now fields change it): Django's pre_save(). */
  preSave(instance: Model, _add: boolean): T | null {
    return (instance as unknown as Record<string, T | null>)[this.attname] ?? null;
  }

  /** Checks null, blank, choices and the validators; throws ValidationError({ [name]: messages }). */
  validate(value: T | null, _instance?: Model): void {
    const messages: string[] = [];
    if (value === null || value === undefined) {
      if (!this.null) messages.push('This field cannot be null.');
    } else if (isEmpty(value)) {
      // As Django: an empty value is refused when not blank, and never reaches choices or validators.
      if (!this.blank) messages.push('This field cannot be blank.');
    } else {
      const choices = this.options.choices;
      if (choices !== undefined && !choices.some(([choice]) => choice === value)) {
        messages.push(`Value ${JSON.stringify(value)} is not a valid choice.`);
      }
      for (const validator of this.options.validators ?? []) {
        try {
          const message = validator(value as Exclude<T, null | undefined>);
          if (typeof message === 'string') messages.push(message);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          messages.push(...Object.values(error.errors).flat());
        }
      }
      messages.push(...this.checkValue(value));
    }
    if (messages.length > 0) throw new ValidationError({ [this.name]: messages });
  }

  /** Type-specific checks (max length, digits); returns messages. */
  protected checkValue(_value: T): string[] {
    return [];
  }

  /** toJs() then validate(): the cleaned value. */
  clean(value: unknown, instance?: Model): T | null {
    const cleaned = this.toJs(value);
    this.validate(cleaned, instance);
    return cleaned;
  }

  /** What the schema editor needs to make the column. */
  columnSpec(): ColumnSpec {
    return {
      column: this.column,
      internalType: this.internalType,
      null: this.null,
      unique: this.unique,
      primaryKey: this.primaryKey,
      dbIndex: this.options.dbIndex === true,
    };
  }

  /** The field as the migration writer writes it; options equal to their defaults are left out. */
  deconstruct(): Deconstructed {
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.options)) {
      // Validators are code, not schema; a function default is kept so the writer can refuse it.
      if (value !== undefined && key !== 'validators') options[key] = value;
    }
    return { type: this.constructor.name, options };
  }

  /** Binds the field to its model under `name`; relation fields also add their reverse accessors. */
  contributeToClass(model: ModelClass, name: string): void {
    this.name = name;
    this.model = model;
  }

  toString(): string {
    return this.model ? `${this.model.meta.label}.${this.name}` : `<unbound ${this.constructor.name}>`;
  }
}

function isEmpty(value: unknown): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).length === 0);
}

/** The value type of a field: `FieldValue<typeof title>` is `string`. */
export type FieldValue<F> = F extends Field<infer T> ? T : never;

/** A field of any value type, for collections of mixed fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyField = Field<any>;
