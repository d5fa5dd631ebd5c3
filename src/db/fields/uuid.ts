import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid, quote } from './invalid.js';

const HEX32 = /^[0-9a-f]{32}$/;

/** 32 hex digits, with or without dashes, braces or a `urn:uuid:` prefix, as Python's UUID() takes. */
function hexOf(text: string): string | undefined {
  const hex = text.trim().toLowerCase().replace(/^urn:uuid:/, '').replace(/^\{(.*)\}$/, '$1').replaceAll('-', '');
  return HEX32.test(hex) ? hex : undefined;
}

function dashed(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A UUID: Django's UUIDField. Values are lower-case dashed strings
 * (`'6f1c…-…'`); input may have dashes or not. PostgreSQL stores a native uuid; SQLite and MySQL
 * store char(32) hex without dashes, as Django does, so a shared database agrees.
 *
 * @example fields.UUIDField({ default: () => crypto.randomUUID(), unique: true })
 */
export class UUIDField<T extends string | null = string> extends Field<T> {
  readonly internalType: string = 'UUIDField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  get maxLength(): number {
    return 32;
  }

  toJs(value: unknown): T | null {
    if (value === null || value === undefined) return null;
    const hex = typeof value === 'string' ? hexOf(value) : undefined;
    if (hex === undefined) throw invalid(this, `${quote(value)} is not a valid UUID.`);
    return dashed(hex) as T;
  }

  override toDb(value: T | null, connection: DatabaseWrapper): unknown {
    if (value === null || value === undefined) return null;
    const hex = typeof value === 'string' ? hexOf(value) : undefined;
    if (hex === undefined) throw invalid(this, `${quote(value)} is not a valid UUID.`);
    return connection.features.hasNativeUuidField ? dashed(hex) : hex;
  }

  override fromDb(value: unknown, _connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    const hex = hexOf(Buffer.isBuffer(value) ? value.toString('latin1') : String(value));
    if (hex === undefined) throw invalid(this, `${quote(value)} read from the database is not a UUID.`);
    return dashed(hex) as T;
  }
}
