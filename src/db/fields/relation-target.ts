import { ImproperlyConfigured } from '../../conf/errors.js';
import type { ModelClass } from '../models/model.js';
import { apps } from '../models/registry.js';

/** What a relation points at: a model class, 'app.Model', 'Model' (same app) or 'self'. */
export type RelationTargetSpec = ModelClass | string;

/** The target's label ('app.Model'), resolving 'self' and bare names against the owning model. */
export function relatedLabelOf(to: RelationTargetSpec, owner: ModelClass | undefined): string {
  if (typeof to !== 'string') return to.meta.label;
  if (to === 'self' && owner !== undefined) return owner.meta.label;
  if (!to.includes('.') && owner !== undefined) return `${owner.meta.appLabel}.${to}`;
  return to;
}

/**
 * The target class from the owning model's registry (so a subclass that took the registry's
 * place wins); an unregistered target is an error naming the field.
 */
export function relatedModelOf(label: string, owner: ModelClass | undefined, fieldName: string): ModelClass {
  const registry = owner?.meta.apps ?? apps;
  if (!registry.hasModel(label)) {
    throw new ImproperlyConfigured(`${fieldName} points at '${label}', which is not a registered model.`);
  }
  return registry.getModel(label);
}
