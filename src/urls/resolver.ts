/**
 * The URL resolver: Django's URLResolver for a whole URLconf, compiled once. resolve() walks the
 * compiled tree; patterns that do not match cost a string comparison or a regex test and allocate
 * nothing. reverse()'s lookup tables are built the first time they are needed.
 */
import type { CompiledEntry } from './compile.js';
import { compileUrlpatterns } from './compile.js';
import { Resolver404 } from './errors.js';
import type { TriedChain } from './errors.js';
import { Match } from './match.js';
import { Reverser } from './reverse.js';
import type { ResolverMatch, ReverseOptions, UrlConf, View } from './types.js';

/**
 * @example
 * const resolver = new UrlResolver({ urlpatterns: [path('blog/<int:year>/', archive, { name: 'archive' })] });
 * resolver.resolve('/blog/2024/').kwargs;                   // { year: 2024 }
 * resolver.reverse('archive', { kwargs: { year: 2024 } });  // '/blog/2024/'
 */
export class UrlResolver {
  readonly urlconf: UrlConf;
  readonly #entries: readonly CompiledEntry[];
  #reverser: Reverser | undefined;

  /** Compiles the URLconf (or a bare list of patterns); configuration mistakes throw ImproperlyConfigured here. */
  constructor(urlconf: UrlConf | readonly unknown[]) {
    this.urlconf = Array.isArray(urlconf) ? { urlpatterns: urlconf } : (urlconf as UrlConf);
    this.#entries = compileUrlpatterns(this.urlconf?.urlpatterns);
  }

  /**
   * The view for a path (request.pathInfo, decoded, starting with '/').
   * @throws Resolver404 when nothing matches; nothing else for any string.
   */
  resolve(pathInfo: string): ResolverMatch {
    const match = this.tryResolve(pathInfo);
    if (match !== null) return match;
    if (typeof pathInfo !== 'string' || !pathInfo.startsWith('/')) throw new Resolver404(String(pathInfo), []);
    const entries = this.#entries;
    throw new Resolver404(pathInfo.slice(1), () => collectTried(entries, pathInfo, 1));
  }

  /** Like resolve(), but null instead of a Resolver404. */
  tryResolve(pathInfo: string): ResolverMatch | null {
    if (typeof pathInfo !== 'string' || pathInfo.charCodeAt(0) !== 47 /* '/' */) return null;
    return search(this.#entries, pathInfo, 1);
  }

  /** Whether the path resolves: what CommonMiddleware's APPEND_SLASH asks of `path + '/'`. */
  isValidPath(pathInfo: string): boolean {
    return this.tryResolve(pathInfo) !== null;
  }

  /**
   * The path for a view name (`'name'`, `'namespace:name'`) or view function, with its arguments
   * converted by the route's converters and percent-encoded.
   * @throws NoReverseMatch when no pattern fits.
   */
  reverse(viewName: string | View, options: ReverseOptions = {}): string {
    this.#reverser ??= new Reverser(this.#entries);
    return this.#reverser.reverse(viewName, options);
  }

  /** The URLconf's handler400/403/404/500 view, if it defines one. */
  errorHandler(status: 400 | 403 | 404 | 500): View | undefined {
    return this.urlconf[`handler${status}`];
  }
}

function search(entries: readonly CompiledEntry[], path: string, offset: number): Match | null {
  const first = path.charCodeAt(offset);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const head = entry.head;
    if (head >= 0 && head !== first) continue;
    const m = entry.pattern.match(path, offset);
    if (m === null) continue;
    const children = entry.children;
    if (children === null) {
      const defaults = entry.defaults;
      return new Match(entry.info!, m.args, defaults === null ? m.kwargs : Object.assign(m.kwargs, defaults));
    }
    const sub = search(children, path, m.end);
    if (sub === null) continue;
    const defaults = entry.defaults;
    let kwargs = sub.kwargs;
    // Django's merge order: the include's captures, then its kwargs, then the inner match's.
    if (defaults !== null || hasKeys(m.kwargs)) kwargs = { ...m.kwargs, ...defaults, ...sub.kwargs };
    // Positional captures are passed only when there are no named ones anywhere on the way.
    const args = m.args.length === 0 || hasKeys(kwargs) ? sub.args : [...m.args, ...sub.args];
    return kwargs === sub.kwargs && args === sub.args ? sub : new Match(sub, args, kwargs);
  }
  return null;
}

function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}

/** Django's `tried` list: the chain of routes to every pattern that was tried and failed. */
function collectTried(entries: readonly CompiledEntry[], path: string, offset: number): TriedChain[] {
  const tried: TriedChain[] = [];
  for (const entry of entries) {
    const m = entry.pattern.match(path, offset);
    if (m === null || entry.children === null) {
      tried.push([entry.pattern.route]);
      continue;
    }
    for (const chain of collectTried(entry.children, path, m.end)) tried.push([entry.pattern.route, ...chain]);
  }
  return tried;
}
