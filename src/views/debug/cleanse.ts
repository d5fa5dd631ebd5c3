/**
 * What the DEBUG pages must not reveal, as Django's SafeExceptionReporterFilter decides it: a
 * setting, META entry or cookie whose name looks secret is replaced by a row of stars, at any
 * depth (DATABASES.default.PASSWORD). Strings at any depth also lose the passwords written inside
 * them (DATABASES.default.URL = 'postgres://root:secret@…'), which Django does not look for. The page is meant to be read over someone's shoulder or
 * pasted into a bug report, so we err towards hiding.
 */
import { inspect } from 'node:util';
import { HIDDEN_NAMES, MASK, maskSecretsInText } from './mask-text.js';

export { HIDDEN_NAMES, MASK, maskSecretsInText };

// Deep or cyclic settings (a driver's pool, a URLconf) are cut here instead of walked forever.
const MAX_DEPTH = 8;

/** Shows a function or class by its name, unquoted, as a person wrote it in settings.ts. */
class Named {
  constructor(readonly label: string) {}
  [inspect.custom](): string {
    return this.label;
  }
}

/** A class instance copied for display: its class name, then its (cleansed) own fields. */
class Instance {
  constructor(readonly className: string, readonly fields: Record<string, unknown>) {}
  [inspect.custom](depth: number, options: Record<string, unknown>): string {
    return `${this.className} ${inspect(this.fields, { ...options, depth: depth < 0 ? 0 : depth })}`;
  }
}

/**
 * A copy of `value` with every entry whose name matches HIDDEN_NAMES masked, and every string's
 * URL passwords and secret `name=value` pairs, recursively. Functions and classes become their
 * names; getters are not called (they may do I/O or throw).
 */
export function cleanse(key: string, value: unknown, depth = 0): unknown {
  if (key !== '' && HIDDEN_NAMES.test(key)) return MASK;
  if (typeof value === 'string') return maskSecretsInText(value);
  if (typeof value === 'function') return new Named(functionLabel(value));
  if (value === null || typeof value !== 'object') return value;
  // A WHATWG URL keeps its parts in internal slots, out of reach of the field walk below.
  if (value instanceof URL) return new Named(`URL ${inspect(maskSecretsInText(value.href))}`);
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  if (depth >= MAX_DEPTH) return new Named('[…]');
  // List items are cleansed under no name, as Django does: a list inherits nothing from its key.
  if (Array.isArray(value)) return value.map((item: unknown) => cleanse('', item, depth + 1));
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]: [unknown, unknown]) => [k, cleanse(String(k), v, depth + 1)]));
  }
  if (value instanceof Set) return new Set([...value].map((item: unknown) => cleanse('', item, depth + 1)));
  const fields: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (!descriptor.enumerable) continue;
    fields[name] = 'value' in descriptor ? cleanse(name, descriptor.value, depth + 1) : new Named('[Getter]');
  }
  const proto: unknown = Object.getPrototypeOf(value);
  const className = proto === Object.prototype || proto === null ? '' : constructorName(value);
  return className === '' ? fields : new Instance(className, fields);
}

/** A value as one readable string: pretty, bounded in size, never throwing. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  try {
    return inspect(value, { depth: 4, breakLength: 100, maxArrayLength: 50, maxStringLength: 4000, sorted: false });
  } catch {
    return '[could not be shown]';
  }
}

/** A setting, cleansed and formatted. */
export function formatSetting(name: string, value: unknown): string {
  try {
    return formatValue(cleanse(name, value));
  } catch {
    // A Proxy or exotic object in settings must not cost the developer the whole error page.
    return HIDDEN_NAMES.test(name) ? quote(MASK) : '[could not be shown]';
  }
}

/** Django quotes string values (`'abc'`): it shows where the string starts and ends. */
function quote(text: string): string {
  return inspect(text.length > 4000 ? `${text.slice(0, 4000)}…` : text);
}

function functionLabel(fn: { readonly name: string }): string {
  const name = fn.name === '' ? '(anonymous)' : fn.name;
  return /^class[\s{]/.test(Function.prototype.toString.call(fn)) ? `class ${name}` : name;
}

function constructorName(value: object): string {
  try {
    const ctor: unknown = (value as { constructor?: unknown }).constructor;
    return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object';
  } catch {
    return 'Object';
  }
}
