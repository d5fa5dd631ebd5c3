/**
 * reverse(): from a view name (or view) and arguments back to a path, by Django's rules: names
 * and views are looked up in the URLconf and in its un-namespaced includes; `ns:name` walks
 * namespaces (choosing the instance of an app namespace by currentApp); the last pattern defined
 * for a name is tried first; every filled-in template is checked against the real patterns
 * before it is returned percent-encoded.
 */
import type { CompiledEntry } from './compile.js';
import { NoReverseMatch, ValueError } from './errors.js';
import { pyRepr, pyTuple } from './py-repr.js';
import { escapeLeadingSlashes, quotePath } from './quote.js';
import { buildLookup } from './reverse-lookup.js';
import type { Candidate, Lookup } from './reverse-lookup.js';
import type { ReverseOptions, View } from './types.js';
import { renderTemplate } from './url-template.js';

const NO_KWARGS: Readonly<Record<string, unknown>> = Object.freeze({});

export class Reverser {
  readonly #root: Lookup;
  /** Candidates under a namespace path with its prefix applied, by namespace path then key. */
  readonly #prefixed = new Map<string, Map<unknown, readonly Candidate[]>>();

  constructor(entries: readonly CompiledEntry[]) {
    this.#root = buildLookup(entries);
  }

  reverse(viewName: string | View, options: ReverseOptions): string {
    const args = options.args ?? [];
    const kwargs = options.kwargs ?? NO_KWARGS;
    if (args.length > 0 && Object.keys(kwargs).length > 0) {
      throw new TypeError("Don't mix args and kwargs in a call to reverse()!");
    }
    const candidates = typeof viewName === 'string' ? this.#namespaced(viewName, options.currentApp ?? null) : (this.#root.byKey.get(viewName) ?? []);
    for (const candidate of candidates) {
      const url = attempt(candidate, args, kwargs);
      if (url !== null) return url;
    }
    throw new NoReverseMatch(failure(viewName, args, kwargs, candidates));
  }

  /** Django's namespace walk, from the root lookup down to the one holding the name. */
  #namespaced(viewName: string, currentApp: string | null): readonly Candidate[] {
    const path = viewName.split(':');
    const key = path.pop()!;
    let currentPath = currentApp ? currentApp.split(':').reverse() : null;
    let lookup = this.#root;
    const resolved: string[] = [];
    const prefix: CompiledEntry['pattern'][] = [];
    for (let ns of path) {
      const currentNs = currentPath !== null && currentPath.length > 0 ? currentPath.pop()! : null;
      const instances = lookup.apps.get(ns);
      if (instances !== undefined) {
        // An app namespace: the current app's instance, else the default instance (the one
        // named like the app), else the last one deployed.
        if (currentNs !== null && instances.includes(currentNs)) ns = currentNs;
        else if (!instances.includes(ns)) ns = instances[0]!;
      }
      if (ns !== currentNs) currentPath = null;
      const target = lookup.namespaces.get(ns);
      if (target === undefined) {
        throw new NoReverseMatch(
          resolved.length > 0 ? `'${ns}' is not a registered namespace inside '${resolved.join(':')}'` : `'${ns}' is not a registered namespace`,
        );
      }
      resolved.push(ns);
      prefix.push(...target.prefix);
      lookup = target.lookup;
    }
    if (prefix.length === 0) return lookup.byKey.get(key) ?? [];
    const nsKey = resolved.join(':');
    let byKey = this.#prefixed.get(nsKey);
    if (byKey === undefined) this.#prefixed.set(nsKey, (byKey = new Map()));
    let candidates = byKey.get(key);
    if (candidates === undefined) {
      candidates = (lookup.byKey.get(key) ?? []).map((c) => c.under(prefix, null));
      byKey.set(key, candidates);
    }
    return candidates;
  }
}

/** The path for one candidate pattern and these arguments, or null if they do not fit it. */
function attempt(candidate: Candidate, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): string | null {
  const { defaults, converters } = candidate;
  for (const template of candidate.templates) {
    const params = template.params;
    let values: Readonly<Record<string, unknown>>;
    if (args.length > 0) {
      if (args.length !== params.length) continue;
      const byName: Record<string, unknown> = Object.create(null);
      params.forEach((p, i) => (byName[p] = args[i]));
      values = byName;
    } else {
      if (!fitsKwargs(params, kwargs, defaults)) continue;
      values = kwargs;
    }
    const texts: Record<string, string> = Object.create(null);
    let fits = true;
    for (const p of params) {
      const value = Object.hasOwn(values, p) ? values[p] : defaults[p];
      const converter = converters.get(p);
      try {
        texts[p] = converter === undefined ? String(value) : converter.toUrl(value);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        fits = false;
        break;
      }
    }
    if (!fits) continue;
    // Like Django, check the unencoded path against the patterns (which see decoded paths), then encode.
    const path = `/${renderTemplate(template, texts)}`;
    if (candidate.accepts(path)) return escapeLeadingSlashes(quotePath(path));
  }
  return null;
}

/** Django's test: the kwargs name exactly the parameters, give or take the pattern's extra kwargs, which must agree. */
function fitsKwargs(params: readonly string[], kwargs: Readonly<Record<string, unknown>>, defaults: Readonly<Record<string, unknown>>): boolean {
  for (const k of Object.keys(kwargs)) {
    if (params.includes(k)) continue;
    if (!Object.hasOwn(defaults, k) || !Object.is(kwargs[k], defaults[k])) return false;
  }
  for (const p of params) if (!Object.hasOwn(kwargs, p) && !Object.hasOwn(defaults, p)) return false;
  return true;
}

function failure(viewName: string | View, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>, candidates: readonly Candidate[]): string {
  const shown = typeof viewName === 'string' ? viewName : viewName.name || '<anonymous view>';
  if (candidates.length === 0) return `Reverse for '${shown}' not found. '${shown}' is not a valid view function or pattern name.`;
  const withArgs =
    args.length > 0 ? `arguments '${pyTuple(args)}'` : Object.keys(kwargs).length > 0 ? `keyword arguments '${pyRepr(kwargs)}'` : 'no arguments';
  return (
    `Reverse for '${shown}' with ${withArgs} not found. ${candidates.length} pattern(s) tried: ` +
    pyRepr(candidates.map((c) => c.display))
  );
}
