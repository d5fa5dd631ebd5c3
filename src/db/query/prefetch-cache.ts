import type { Model } from '../models/model.js';

// The lists prefetchRelated() loaded, per instance and accessor: Django's _prefetched_objects_cache.
const caches = new WeakMap<Model, Map<string, readonly Model[]>>();

/** Keeps the related objects of `name` for `instance`, so its manager answers without a query. */
export function setPrefetched(instance: Model, name: string, objects: readonly Model[]): void {
  let cache = caches.get(instance);
  if (cache === undefined) caches.set(instance, (cache = new Map()));
  cache.set(name, objects);
}

/** The prefetched list, or undefined when `name` was not prefetched. */
export function getPrefetched(instance: Model, name: string): readonly Model[] | undefined {
  return caches.get(instance)?.get(name);
}

/** Forgets a prefetched list: a change through the manager makes it stale. */
export function forgetPrefetched(instance: Model, name: string): void {
  caches.get(instance)?.delete(name);
}
