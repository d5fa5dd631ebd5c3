import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

/**
 * Raw bytes: Django's BinaryField (blob, bytea, longblob). Values are Buffers; a string is taken
 * as base64, as Django's serializers write it. Not editable by default, as in Django.
 *
 * @example fields.BinaryField({ null: true })
 */
export class BinaryField<T extends Buffer | null = Buffer> extends Field<T> {
  readonly internalType: string = 'BinaryField';

  constructor(options: FieldOptions<T> = {}) {
    super({ editable: false, ...options });
  }

  protected override emptyDefault(): T | null {
    return this.null ? null : (Buffer.alloc(0) as T);
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    if (Buffer.isBuffer(value)) return value as T;
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength) as T;
    if (typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0) return Buffer.from(value, 'base64') as T;
    throw invalid(this, `${quote(value)} value must be bytes (a Buffer, or base64 text).`);
  }

  /** A raw assignment is coerced with toJs() (as Django's get_prep_value), or refused naming the field. */
  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    return Buffer.isBuffer(value) ? value : this.toJs(value);
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    if (Buffer.isBuffer(value)) return value as T;
    if (value instanceof Uint8Array) return Buffer.from(value) as T;
    return Buffer.from(String(value), 'latin1') as T;
  }
}
