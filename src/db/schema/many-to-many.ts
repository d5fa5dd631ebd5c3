import type { Field } from '../fields/field.js';
import type { ModelClass } from '../models/model.js';

/** The through model of a many-to-many field, whichever way the field exposes it (`remoteField.through` or `through`). */
export function throughOf(field: Field): ModelClass | undefined {
  const f = field as unknown as { through?: unknown; remoteField?: { through?: unknown } };
  const through = f.remoteField?.through ?? f.through;
  return typeof through === 'function' && 'meta' in through ? (through as ModelClass) : undefined;
}

/** True for a through model made automatically for a field (its table belongs to the field, not to a model of the user). */
export function isAutoCreated(model: ModelClass): boolean {
  return (model.meta as unknown as { autoCreated?: unknown }).autoCreated === true;
}
