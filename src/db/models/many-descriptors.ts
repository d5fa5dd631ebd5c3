import type { ManyToManyField } from '../fields/many-to-many.js';
import { ManyRelatedManager } from '../query/many-related-manager.js';
import type { Model } from './model.js';

/**
 * Defines `book.tags` (forward) and `tag.book_set` (reverse, or relatedName) for a
 * ManyToManyField: each read gives a ManyRelatedManager bound to the instance.
 */
export function installManyToManyAccessors(field: ManyToManyField): void {
  Object.defineProperty(field.model!.prototype, field.name, {
    configurable: true,
    enumerable: false,
    get(this: Model): ManyRelatedManager {
      return new ManyRelatedManager(field, this, false);
    },
    set(this: Model): void {
      throw new TypeError(`Direct assignment to the forward side of a many-to-many set is prohibited (${String(field)}); use ${field.name}.set() instead.`);
    },
  });
  const target = field.relatedModel;
  const name = field.accessorName;
  // A name ending in '+' is hidden (a symmetrical relation): no reverse accessor.
  if (name.endsWith('+') || Object.prototype.hasOwnProperty.call(target.prototype, name)) return;
  Object.defineProperty(target.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Model): ManyRelatedManager {
      return new ManyRelatedManager(field, this, true);
    },
    set(this: Model): void {
      throw new TypeError(`Direct assignment to the reverse side of a many-to-many set is prohibited (${name}); use ${name}.set() instead.`);
    },
  });
}
