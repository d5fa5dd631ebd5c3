/**
 * include(): mounts another URLconf (or a list of patterns) under a prefix, optionally as a
 * namespace, as Django's django.urls.include() does.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import type { UrlConf } from './types.js';

/** What include() returns and path()/rePath() accept in place of a view. */
export class Included {
  /** The URLconf object, or the bare list; its patterns are read when the resolver compiles. */
  readonly source: UrlConf | readonly unknown[];
  /** The application namespace (Django's app_name), or null. */
  readonly appName: string | null;
  /** The instance namespace, or null; defaults to appName. */
  readonly namespace: string | null;

  constructor(source: UrlConf | readonly unknown[], appName: string | null, namespace: string | null) {
    this.source = source;
    this.appName = appName;
    this.namespace = namespace;
    Object.freeze(this);
  }

  get urlpatterns(): readonly unknown[] {
    const source = this.source;
    return Array.isArray(source) ? source : (source as UrlConf).urlpatterns;
  }
}

export interface IncludeOptions {
  /** The instance namespace; needs an app namespace (the URLconf's `appName`, or the tuple form). */
  namespace?: string;
}

/** An app's patterns with their app namespace: Django's `include((patterns, app_name))`. */
export type PatternsWithAppName = readonly [UrlConf | readonly unknown[], string];

/**
 * Includes a URLconf. Its `appName` becomes the application namespace, and `namespace` (default:
 * the app name) the instance namespace used in `reverse('namespace:name')`.
 *
 * @example
 * path('blog/', include(blogUrls)),                                  // blogUrls.appName = 'blog'
 * path('news/', include(blogUrls, { namespace: 'news' })),           // a second instance
 * path('api/', include([[path('ping/', ping, { name: 'ping' })], 'api'])),
 */
export function include(arg: UrlConf | readonly unknown[] | PatternsWithAppName, options: IncludeOptions = {}): Included {
  let source: unknown = arg;
  let appName: string | null = null;
  if (isPatternsWithAppName(arg)) {
    [source, appName] = arg;
  }
  if (!Array.isArray(source)) {
    const urlpatterns = (source as Partial<UrlConf> | null)?.urlpatterns;
    if (typeof source !== 'object' || source === null || !Array.isArray(urlpatterns)) {
      throw new ImproperlyConfigured(
        `include() needs a URLconf ({ urlpatterns: [...] }), a list of patterns, or [patterns, appName]; got ${describe(source)}.`,
      );
    }
    const own = (source as UrlConf).appName;
    if (typeof own === 'string' && own !== '') appName = own;
  }
  const namespace = options.namespace ?? null;
  if (namespace !== null && appName === null) {
    throw new ImproperlyConfigured(
      `Specifying a namespace in include() without providing an app name is not supported. Set appName ` +
        `on the included URLconf, or pass [patterns, appName] instead (namespace '${namespace}').`,
    );
  }
  return new Included(source as UrlConf | readonly unknown[], appName, namespace ?? appName);
}

function isPatternsWithAppName(arg: unknown): arg is PatternsWithAppName {
  return Array.isArray(arg) && arg.length === 2 && typeof arg[1] === 'string' && typeof arg[0] === 'object' && arg[0] !== null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string '${value}' (import the URLconf instead of naming it)`;
  return typeof value;
}
