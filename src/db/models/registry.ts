import { ImproperlyConfigured } from '../../conf/errors.js';
import type { ModelClass } from './model.js';

/**
 * The model registry: Django's `apps`. Every defined model registers here, so relations can name
 * a model by label ('auth.User') and migrations can find every app's models.
 */
export class Apps {
  readonly #models = new Map<string, ModelClass>();
  readonly #waiting = new Map<string, Array<(model: ModelClass) => void>>();

  register(model: ModelClass): void {
    const key = model.meta.labelLower;
    const existing = this.#models.get(key);
    if (existing !== undefined && existing !== model) {
      throw new ImproperlyConfigured(`Conflicting '${model.meta.modelName}' models in application '${model.meta.appLabel}'.`);
    }
    this.#models.set(key, model);
    for (const fn of this.#waiting.get(key) ?? []) fn(model);
    this.#waiting.delete(key);
  }

  /** The model for 'app_label.ModelName' (case-insensitive); LookupError-like error when unknown. */
  getModel(label: string): ModelClass {
    const model = this.#models.get(label.toLowerCase());
    if (model === undefined) {
      throw new ImproperlyConfigured(`No installed model '${label}'. Known: ${[...this.#models.values()].map((m) => m.meta.label).join(', ') || 'none'}.`);
    }
    return model;
  }

  hasModel(label: string): boolean {
    return this.#models.has(label.toLowerCase());
  }

  /** Every registered model, or those of one app. */
  getModels(appLabel?: string): ModelClass[] {
    const all = [...this.#models.values()];
    return appLabel === undefined ? all : all.filter((m) => m.meta.appLabel === appLabel);
  }

  /** Runs fn with the model once it is registered (now, if it already is): lazy relations use this. */
  whenRegistered(label: string, fn: (model: ModelClass) => void): void {
    const model = this.#models.get(label.toLowerCase());
    if (model !== undefined) return fn(model);
    const key = label.toLowerCase();
    this.#waiting.set(key, [...(this.#waiting.get(key) ?? []), fn]);
  }

  /** Forgets a model (tests that define throwaway models). */
  unregister(label: string): void {
    this.#models.delete(label.toLowerCase());
  }
}

/** The process's model registry. */
export const apps = new Apps();
