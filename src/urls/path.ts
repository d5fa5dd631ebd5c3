/**
 * path() and rePath(): the entries of a `urlpatterns` list, Django's django.urls.path/re_path.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import { Included } from './include.js';
import type { Pattern } from './pattern.js';
import { RegexPattern } from './regex-pattern.js';
import { RoutePattern } from './route-pattern.js';
import type { View } from './types.js';

export interface PathOptions {
  /** The pattern's name, for reverse() and `{% url %}`. */
  name?: string;
  /** Extra keyword arguments for the view (Django's `kwargs`); they win over captured ones. */
  kwargs?: Readonly<Record<string, unknown>>;
}

/** A pattern that ends at a view. */
export class UrlPattern {
  readonly pattern: Pattern;
  readonly view: View;
  readonly name: string | null;
  readonly defaults: Readonly<Record<string, unknown>> | null;

  constructor(pattern: Pattern, view: View, options: PathOptions) {
    this.pattern = pattern;
    this.view = view;
    this.name = options.name ?? null;
    this.defaults = frozenDefaults(options.kwargs);
    Object.freeze(this);
  }
}

/** A prefix under which an included URLconf's patterns are tried. */
export class UrlInclude {
  readonly pattern: Pattern;
  readonly included: Included;
  readonly defaults: Readonly<Record<string, unknown>> | null;

  constructor(pattern: Pattern, included: Included, options: PathOptions) {
    this.pattern = pattern;
    this.included = included;
    this.defaults = frozenDefaults(options.kwargs);
    Object.freeze(this);
  }
}

/** An entry of `urlpatterns`. */
export type UrlEntry = UrlPattern | UrlInclude;

/**
 * A URL pattern in route syntax: literal text and `<converter:name>` parameters (`<name>` is
 * `<str:name>`). Converters: int, str, slug, uuid, path, and any registered.
 *
 * @example
 * export const urlpatterns = [
 *   path('articles/<int:year>/', yearArchive, { name: 'news-year-archive' }),
 *   path('blog/', include(blogUrls)),
 * ];
 */
export function path(route: string, view: View, options?: PathOptions): UrlPattern;
export function path(route: string, included: Included, options?: Omit<PathOptions, 'name'>): UrlInclude;
export function path(route: string, target: View | Included, options: PathOptions = {}): UrlEntry {
  return entry(target, options, (isEndpoint) => new RoutePattern(route, isEndpoint), route);
}

/**
 * A URL pattern as a regex, searched in the rest of the path. A string is Python syntax, as in a
 * Django urls.py; a RegExp is used as is. Named groups are passed as kwargs (strings); if there are
 * none, the groups are passed as positional args.
 *
 * @example
 * rePath('^foo/([0-9]{1,2})/$', cachePage(60 * 15)(myView)),          // view(request, '12')
 * rePath('^articles/(?P<year>[0-9]{4})/$', yearArchive),               // view(request, { year: '2024' })
 */
export function rePath(regex: string | RegExp, view: View, options?: PathOptions): UrlPattern;
export function rePath(regex: string | RegExp, included: Included, options?: Omit<PathOptions, 'name'>): UrlInclude;
export function rePath(regex: string | RegExp, target: View | Included, options: PathOptions = {}): UrlEntry {
  return entry(target, options, (isEndpoint) => new RegexPattern(regex, isEndpoint), String(regex));
}

function entry(target: unknown, options: PathOptions, makePattern: (isEndpoint: boolean) => Pattern, route: string): UrlEntry {
  if (target instanceof Included) return new UrlInclude(makePattern(false), target, options);
  if (typeof target !== 'function') {
    throw new ImproperlyConfigured(
      `The view for URL route '${route}' must be a function or the result of include(), got ${target === null ? 'null' : typeof target}.`,
    );
  }
  if (/^class[\s{]/.test(Function.prototype.toString.call(target))) {
    const name = target.name || 'the class';
    throw new ImproperlyConfigured(`The view for URL route '${route}' is a class: pass ${name}.asView(), not ${name}.`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new ImproperlyConfigured(`The name of URL route '${route}' must be a string.`);
  }
  return new UrlPattern(makePattern(true), target as View, options);
}

function frozenDefaults(kwargs: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> | null {
  if (kwargs === undefined || kwargs === null) return null;
  if (typeof kwargs !== 'object') throw new ImproperlyConfigured(`A URL pattern's kwargs must be an object, got ${typeof kwargs}.`);
  return Object.keys(kwargs).length === 0 ? null : Object.freeze({ ...kwargs });
}
