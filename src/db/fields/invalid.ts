import { ValidationError } from '../errors.js';

/**
 * The value as Django's messages quote it (“abc”), cut short so a hostile megabyte of input
 * does not end up in a log line.
 */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else if (typeof value === 'object' && value !== null) {
    try {
      text = Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype ? JSON.stringify(value) : `[${value.constructor?.name ?? 'object'}]`;
    } catch {
      text = `[${value.constructor?.name ?? 'object'}]`;
    }
  } else text = String(value);
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}

/** ValidationError keyed by the field's name, so fullClean() and the caller see which field refused. */
export function invalid(field: { readonly name: string }, message: string, options?: ErrorOptions): ValidationError {
  return new ValidationError({ [field.name || `<unbound ${field.constructor.name}>`]: [message] }, options);
}

/** The field's value type: `T`, or `T | null` when the options say `null: true` (or might). */
export type NullIf<O, T> = O extends { readonly null: infer N } ? (true extends N ? T | null : T) : T;
