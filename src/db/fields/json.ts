import type { DatabaseWrapper } from '../types.js';
import { Field } from './field.js';
import type { FieldOptions } from './field.js';
import { invalid } from './invalid.js';

/** A value JSON can carry exactly. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Any JSON value: Django's JSONField, stored as text on SQLite, json on MySQL/MariaDB and jsonb
 * on PostgreSQL. As in Django, with `null: true` a null value is SQL NULL; without it, null is
 * stored as the JSON value `null`. Either way it reads back as null. Values JSON would change
 * (undefined, NaN, Infinity, bigint, Dates, Maps, class instances, cycles) are refused rather
 * than silently altered.
 *
 * @example fields.JSONField({ default: () => ({ tags: [] }) })
 */
export class JSONField<T extends JsonValue | null = JsonValue> extends Field<T> {
  readonly internalType: string = 'JSONField';

  constructor(options: FieldOptions<T> = {}) {
    super(options);
  }

  toJs(value: unknown): T | null {
    if (value === undefined) return null;
    const problem = jsonProblem(value, new Set());
    if (problem !== undefined) throw invalid(this, `Value must be valid JSON (${problem}).`);
    return value as T;
  }

  override toDb(value: T | null, _connection: DatabaseWrapper): unknown {
    // Strings always: pg would write a JS array as a PostgreSQL array, mysql2 an object as a row.
    if (value === null || value === undefined) return this.null ? null : 'null';
    try {
      return JSON.stringify(value);
    } catch (error) {
      throw invalid(this, `Value must be valid JSON (${(error as Error).message}).`, { cause: error });
    }
  }

  override fromDb(value: unknown, connection: DatabaseWrapper): T | null {
    if (value === null || value === undefined) return null;
    if (connection.features.hasNativeJsonField && !Buffer.isBuffer(value)) return value as T;
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
    if (typeof text !== 'string') return text as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw invalid(this, `The database holds text that is not JSON: ${text.slice(0, 40)}`, { cause: error });
    }
  }
}

function jsonProblem(value: unknown, seen: Set<object>): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return 'it contains a cycle';
      const proto = Object.getPrototypeOf(value) as unknown;
      if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
        return `a ${(value as object).constructor?.name ?? 'non-plain object'} is not a JSON object`;
      }
      seen.add(value);
      const items = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
      for (const item of items) {
        const problem = jsonProblem(item, seen);
        if (problem !== undefined) return problem;
      }
      seen.delete(value);
      return undefined;
    }
    default:
      return `a ${typeof value} is not a JSON value`;
  }
}
