import type { Drop, Scope } from 'liquidjs';
import { Context, toValue } from 'liquidjs';
import { MultiValueDict } from '../../http/multi-value-dict.js';

type Key = string | number;

/**
 * Liquid's render context with Django's variable lookups added: `request.GET.q` reads a
 * QueryDict's value (dictionary lookup first, as Django tries it), `m.key` reads a Map, and a
 * method marked `altersData = true` is never called from a template (Django's alters_data), so
 * `{{ user.delete }}` cannot delete anything. Zero-argument methods are called and getters read,
 * as in Django; names starting with `_` (and `constructor`) are not reachable, as Django refuses
 * attributes that start with an underscore.
 */
export class TemplateContext extends Context {
  override readProperty(obj: Scope, key: Key | Drop): unknown {
    const name = toValue(key) as Key;
    const target = liquidValue(obj);
    if (target instanceof MultiValueDict && typeof name === 'string' && target.has(name)) return target.get(name);
    if (target instanceof Map) return target.get(name);
    if (typeof name === 'string' && (name.startsWith('_') || name === 'constructor')) return undefined;
    if (target !== null && typeof target === 'object' && typeof name === 'string' && !this.ownPropertyOnly) {
      const value = (target as Record<string, unknown>)[name];
      if (typeof value === 'function') {
        return (value as { altersData?: unknown }).altersData === true ? undefined : (value as () => unknown).call(target);
      }
      if (value !== undefined && name !== 'size' && name !== 'first' && name !== 'last') return value;
    }
    return super.readProperty(obj, key);
  }

  override spawn(scope: object = {}): Context {
    return new TemplateContext(
      scope,
      this.opts,
      { sync: this.sync, globals: this.globals, strictVariables: this.strictVariables, ownPropertyOnly: this.ownPropertyOnly },
      { renderLimit: this.renderLimit, memoryLimit: this.memoryLimit, liquid: this.liquid },
    );
  }
}

function liquidValue(obj: unknown): unknown {
  let value = obj;
  while (value !== null && typeof value === 'object' && typeof (value as { toLiquid?: unknown }).toLiquid === 'function') {
    value = (value as { toLiquid(): unknown }).toLiquid();
  }
  return value;
}
