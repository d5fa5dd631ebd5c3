import { ImproperlyConfigured } from '../../conf/errors.js';
import type { ModelClass } from '../models/model.js';
import type { ColumnSpec, DatabaseWrapper } from '../types.js';
import { decimalValidator } from '../validators.js';
import { formatDecimal, parseDecimal } from './decimal-text.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

export interface DecimalFieldOptions<T> extends FieldOptions<T> {
  /** All digits, before and after the point. */
  maxDigits: number;
  /** Digits after the point. */
  decimalPlaces: number;
}

/**
 * A fixed-point number: Django's DecimalField. Values are strings (`'12.50'`), never floats, so
 * nothing is rounded on the way: toJs() gives the canonical text with exactly `decimalPlaces`
 * places, which is also what every database gives back. SQLite has no decimal type and keeps 15
 * significant digits, as with Django; PostgreSQL and MySQL are exact.
 *
 * @example fields.DecimalField({ maxDigits: 8, decimalPlaces: 2 }) // '123456.78'
 */
export class DecimalField<T extends string | null = string> extends Field<T> {
  readonly internalType: string = 'DecimalField';

  constructor(options: DecimalFieldOptions<T>) {
    super(options);
  }

  get maxDigits(): number {
    return (this.options as DecimalFieldOptions<T>).maxDigits;
  }

  get decimalPlaces(): number {
    return (this.options as DecimalFieldOptions<T>).decimalPlaces;
  }

  /** Decimal text, a finite number (its shortest text, as String() writes it) or a bigint. */
  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
    else if (typeof value === 'bigint') text = value.toString();
    const parts = text === undefined ? undefined : parseDecimal(text);
    if (parts === undefined) throw invalid(this, `${quote(value)} value must be a decimal number.`);
    return formatDecimal(parts, this.decimalPlaces) as T;
  }

  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    // SQLite returns a float: like Django, read it to 15 significant digits, then to the places.
    const text = typeof value === 'number' ? value.toPrecision(15) : String(value);
    const parts = parseDecimal(text);
    if (parts === undefined) throw invalid(this, `${quote(value)} value must be a decimal number.`);
    return formatDecimal(parts, this.decimalPlaces, true) as T;
  }

  protected override checkValue(value: T): string[] {
    try {
      decimalValidator(this.maxDigits, this.decimalPlaces)(value as string);
      return [];
    } catch (error) {
      const errors = (error as { errors?: Record<string, string[]> }).errors;
      if (errors === undefined) throw error;
      return Object.values(errors).flat();
    }
  }

  override columnSpec(): ColumnSpec {
    return { ...super.columnSpec(), maxDigits: this.maxDigits, decimalPlaces: this.decimalPlaces };
  }

  override contributeToClass(model: ModelClass, name: string): void {
    const { maxDigits, decimalPlaces } = this.options as Partial<DecimalFieldOptions<T>>;
    const where = `${model.meta.label}.${name}: DecimalField`;
    if (typeof maxDigits !== 'number' || !Number.isInteger(maxDigits) || maxDigits < 1) {
      throw new ImproperlyConfigured(`${where} needs maxDigits, a positive integer (got ${String(maxDigits)}).`);
    }
    if (typeof decimalPlaces !== 'number' || !Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > maxDigits) {
      throw new ImproperlyConfigured(`${where} needs decimalPlaces, an integer from 0 to maxDigits (${maxDigits}) (got ${String(decimalPlaces)}).`);
    }
    super.contributeToClass(model, name);
  }
}
