/**
 * The module-level shortcuts Django code uses everywhere: resolve(), reverse() and isValidPath()
 * against the project's ROOT_URLCONF (or a given URLconf), one compiled resolver per URLconf.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import { UrlResolver } from './resolver.js';
import type { ResolverMatch, ReverseOptions, UrlConf, View } from './types.js';

// Keyed by the URLconf object, so a test's throwaway URLconf is collected with its resolver.
const resolvers = new WeakMap<UrlConf, UrlResolver>();

/**
 * The compiled resolver for a URLconf, ROOT_URLCONF by default; compiled on first use, then
 * reused. A URLconf's patterns are read once: changing them afterwards has no effect.
 *
 * @example
 * getResolver().resolve('/blog/2024/');
 */
export function getResolver(urlconf?: UrlConf | null): UrlResolver {
  const conf = urlconf ?? getSettings().ROOT_URLCONF;
  if (conf === null || conf === undefined) {
    throw new ImproperlyConfigured('ROOT_URLCONF is not set: give the settings a URLconf ({ urlpatterns: [...] }) to resolve URLs against.');
  }
  let resolver = resolvers.get(conf);
  if (resolver === undefined) {
    resolver = new UrlResolver(conf);
    resolvers.set(conf, resolver);
  }
  return resolver;
}

/**
 * Django's resolve(): the view and arguments for a path.
 * @throws Resolver404 when no pattern matches.
 * @example
 * const { func, kwargs } = resolve('/articles/2024/');
 */
export function resolve(pathInfo: string, urlconf?: UrlConf | null): ResolverMatch {
  return getResolver(urlconf).resolve(pathInfo);
}

export interface ReverseCallOptions extends ReverseOptions {
  /** The URLconf to reverse against; ROOT_URLCONF by default. */
  readonly urlconf?: UrlConf | null;
}

/**
 * Django's reverse(): the path of a named pattern (`'name'`, `'ns:name'`) or of a view.
 * @throws NoReverseMatch when no pattern fits the name and arguments.
 * @example
 * reverse('news:archive', { kwargs: { year: 2024 } }); // '/news/2024/'
 */
export function reverse(viewName: string | View, options: ReverseCallOptions = {}): string {
  return getResolver(options.urlconf).reverse(viewName, options);
}

/**
 * Whether a path resolves, without throwing: CommonMiddleware asks it of `path + '/'` for
 * APPEND_SLASH.
 * @example
 * if (!isValidPath(request.pathInfo) && isValidPath(`${request.pathInfo}/`)) redirect();
 */
export function isValidPath(pathInfo: string, urlconf?: UrlConf | null): boolean {
  return getResolver(urlconf).isValidPath(pathInfo);
}
