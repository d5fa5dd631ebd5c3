/**
 * reverse()'s lookup tables, built once per resolver from the compiled tree, as Django's
 * URLResolver._populate() builds reverse_dict, namespace_dict and app_dict.
 */
import type { CompiledEntry } from './compile.js';
import type { Converter } from './converters.js';
import type { Pattern } from './pattern.js';
import { templatesOf } from './url-template.js';
import type { Template } from './url-template.js';

const NO_DEFAULTS: Readonly<Record<string, unknown>> = Object.freeze({});

/** One way to build a path: the chain of patterns from the lookup's level down to a view. */
export class Candidate {
  readonly segments: readonly Pattern[];
  /** Extra kwargs of the view pattern (and of un-namespaced includes above it). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Converters by parameter name along the chain; inner patterns win. */
  readonly converters: ReadonlyMap<string, Converter>;
  /** The chain's routes, for NoReverseMatch messages. */
  readonly display: string;
  #templates: readonly Template[] | undefined;

  constructor(segments: readonly Pattern[], defaults: Readonly<Record<string, unknown>>) {
    this.segments = segments;
    this.defaults = defaults;
    const converters = new Map<string, Converter>();
    for (const segment of segments) for (const [name, c] of segment.converters) converters.set(name, c);
    this.converters = converters;
    this.display = segments.map((s) => stripCaret(s.route)).join('');
  }

  /**
   * The templates of the whole chain. Like Django, from the joined regex, so unnamed groups are
   * numbered across the chain; computed on first use, since most candidates never are.
   */
  get templates(): readonly Template[] {
    this.#templates ??= templatesOf(this.segments.map((s) => stripCaret(s.reverseSource)).join(''));
    return this.#templates;
  }

  /** This candidate as seen from above some include prefixes. */
  under(prefix: readonly Pattern[], defaults: Readonly<Record<string, unknown>> | null): Candidate {
    // Django lets an include's kwargs override the view's here (not so in resolve()).
    return new Candidate([...prefix, ...this.segments], defaults === null ? this.defaults : { ...this.defaults, ...defaults });
  }

  /** Whether a filled-in path (with its leading '/') goes through every pattern of the chain. */
  accepts(path: string): boolean {
    let offset = 1;
    for (const segment of this.segments) {
      offset = segment.matchEnd(path, offset);
      if (offset < 0) return false;
    }
    return true;
  }
}

export interface Lookup {
  /** Candidates by pattern name and by view function, the last defined first. */
  readonly byKey: ReadonlyMap<unknown, readonly Candidate[]>;
  /** Instance namespaces reachable from here: the include prefixes on the way, and their lookup. */
  readonly namespaces: ReadonlyMap<string, { readonly prefix: readonly Pattern[]; readonly lookup: Lookup }>;
  /** App namespaces and their instance namespaces, the last deployed first. */
  readonly apps: ReadonlyMap<string, readonly string[]>;
}

/** The lookup for one urlpatterns list; namespaced includes get their own, reached through `namespaces`. */
export function buildLookup(entries: readonly CompiledEntry[]): Lookup {
  const byKey = new Map<unknown, Candidate[]>();
  const namespaces = new Map<string, { prefix: readonly Pattern[]; lookup: Lookup }>();
  const apps = new Map<string, string[]>();
  const add = (key: unknown, candidate: Candidate): void => {
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [candidate]);
    else list.push(candidate);
  };
  const addApps = (app: string, instances: readonly string[]): void => {
    const list = apps.get(app);
    if (list === undefined) apps.set(app, [...instances]);
    else list.push(...instances);
  };
  // Walked backwards, as Django does: the last pattern for a name is tried first, and for a
  // namespace defined twice the first definition wins.
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.children === null) {
      const candidate = new Candidate([entry.pattern], entry.defaults ?? NO_DEFAULTS);
      add(entry.view, candidate);
      if (entry.name !== null) add(entry.name, candidate);
      continue;
    }
    const inner = buildLookup(entry.children);
    if (entry.appName) {
      addApps(entry.appName, [entry.namespace!]);
      namespaces.set(entry.namespace!, { prefix: [entry.pattern], lookup: inner });
      continue;
    }
    for (const [key, candidates] of inner.byKey) {
      for (const candidate of candidates) add(key, candidate.under([entry.pattern], entry.defaults));
    }
    for (const [ns, target] of inner.namespaces) namespaces.set(ns, { prefix: [entry.pattern, ...target.prefix], lookup: target.lookup });
    for (const [app, instances] of inner.apps) addApps(app, instances);
  }
  return { byKey, namespaces, apps };
}

function stripCaret(source: string): string {
  return source.startsWith('^') ? source.slice(1) : source;
}
