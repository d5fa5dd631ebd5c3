import { ImproperlyConfigured } from '../../conf/errors.js';
import type { ModelClass } from '../models/model.js';
import type { ColumnSpec, DatabaseWrapper } from '../types.js';
import { validateEmail, validateSlug, validateUrl } from '../validators.js';
import type { Deconstructed, Validator } from './field.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

export interface TextFieldOptions<T> extends FieldOptions<T> {
  /** Checked by fullClean() only: a text column has no length limit. */
  maxLength?: number;
}

export interface CharFieldOptions<T> extends FieldOptions<T> {
  /** The column's length in characters; required, as Django requires it. */
  maxLength: number;
}

/**
 * Text without a length limit: Django's TextField. An unset value is '' unless the field is
 * `null: true`, as in Django.
 *
 * @example fields.TextField({ blank: true })
 */
export class TextField<T extends string | null = string> extends Field<T> {
  readonly internalType: string = 'TextField';
  /** Validators this field type always applies (EmailField: the email rules). */
  protected readonly defaultValidators: ReadonlyArray<Validator<string>> = [];

  constructor(options: TextFieldOptions<T> = {}) {
    super(options);
  }

  get maxLength(): number | undefined {
    return (this.options as TextFieldOptions<T>).maxLength;
  }

  protected override emptyDefault(): T | null {
    return this.null ? null : ('' as T);
  }

  /** Strings pass; numbers, bigints and booleans become their text (as Django's str()); nothing else does. */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value as T;
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value) as T;
    throw invalid(this, `${quote(value)} value must be a string.`);
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return typeof value === 'string' ? value : this.toJs(value);
  }

  protected override checkValue(value: T): string[] {
    const text = value as string;
    const messages: string[] = [];
    const max = this.maxLength;
    if (max !== undefined && text.length > max) {
      messages.push(`Ensure this value has at most ${max} character${max === 1 ? '' : 's'} (it has ${text.length}).`);
    }
    for (const validator of this.defaultValidators) {
      try {
        const message = validator(text);
        if (typeof message === 'string') messages.push(message);
      } catch (error) {
        const errors = (error as { errors?: Record<string, string[]> }).errors;
        if (errors === undefined) throw error;
        messages.push(...Object.values(errors).flat());
      }
    }
    return messages;
  }

  override columnSpec(): ColumnSpec {
    const max = this.maxLength;
    return max === undefined ? super.columnSpec() : { ...super.columnSpec(), maxLength: max };
  }
}

/**
 * A string column of at most `maxLength` characters: Django's CharField.
 *
 * @example fields.CharField({ maxLength: 64, unique: true })
 */
export class CharField<T extends string | null = string> extends TextField<T> {
  override readonly internalType: string = 'CharField';

  constructor(options: CharFieldOptions<T>) {
    super(options);
  }

  override get maxLength(): number {
    return (this.options as CharFieldOptions<T>).maxLength;
  }

  /** A missing or bad maxLength is caught here, where the model and field name are known. */
  override contributeToClass(model: ModelClass, name: string): void {
    const max = (this.options as Partial<CharFieldOptions<T>>).maxLength;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw new ImproperlyConfigured(
        `${model.meta.label}.${name}: ${this.constructor.name} needs maxLength, a positive integer (got ${String(max)}).`,
      );
    }
    super.contributeToClass(model, name);
  }
}

/** A CharField (maxLength 254 by default) that must hold an email address: Django's EmailField. @example fields.EmailField({ unique: true }) */
export class EmailField<T extends string | null = string> extends CharField<T> {
  override readonly internalType: string = 'CharField';
  protected override readonly defaultValidators: ReadonlyArray<Validator<string>> = [validateEmail];

  constructor(options: Partial<CharFieldOptions<T>> = {}) {
    super({ maxLength: 254, ...options });
  }
}

/** Letters, digits, '-' and '_' (maxLength 50, indexed): Django's SlugField. @example fields.SlugField({ unique: true }) */
export class SlugField<T extends string | null = string> extends CharField<T> {
  override readonly internalType: string = 'SlugField';
  protected override readonly defaultValidators: ReadonlyArray<Validator<string>> = [validateSlug];

  constructor(options: Partial<CharFieldOptions<T>> = {}) {
    super({ maxLength: 50, dbIndex: true, ...options });
  }

  /** As Django's: dbIndex is implied, so migrations only mention it when it is turned off. */
  override deconstruct(): Deconstructed {
    const { type, options } = super.deconstruct();
    const { dbIndex, ...rest } = options;
    return { type, options: dbIndex === true ? rest : options };
  }
}

/** A CharField (maxLength 200) holding an http(s)/ftp(s) URL: Django's URLField. @example fields.URLField({ blank: true }) */
export class URLField<T extends string | null = string> extends CharField<T> {
  override readonly internalType: string = 'CharField';
  protected override readonly defaultValidators: ReadonlyArray<Validator<string>> = [validateUrl];

  constructor(options: Partial<CharFieldOptions<T>> = {}) {
    super({ maxLength: 200, ...options });
  }

  override deconstruct(): Deconstructed {
    const { type, options } = super.deconstruct();
    const { maxLength, ...rest } = options;
    return { type, options: maxLength === 200 ? rest : options };
  }
}
