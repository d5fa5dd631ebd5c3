/**
 * The ResolverMatch resolve() returns. Everything but the captured arguments is fixed per view
 * pattern, so the resolver computes it once at compile time (MatchInfo) and a match only adds args
 * and kwargs.
 */
import { pyRepr } from './py-repr.js';
import type { ResolverMatch, View } from './types.js';

/** The part of a ResolverMatch known before any request. */
export interface MatchInfo {
  readonly func: View;
  readonly urlName: string | null;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly namespace: string;
  readonly appName: string;
  readonly route: string;
  readonly viewName: string;
}

export function matchInfo(func: View, urlName: string | null, appNames: readonly string[], namespaces: readonly string[], route: string): MatchInfo {
  const viewPath = urlName ?? (func.name || '<anonymous view>');
  return Object.freeze({
    func,
    urlName,
    appNames: Object.freeze([...appNames]),
    namespaces: Object.freeze([...namespaces]),
    namespace: namespaces.join(':'),
    appName: appNames.join(':'),
    route,
    viewName: [...namespaces, viewPath].join(':'),
  });
}

/**
 * @example
 * const { func, args, kwargs, viewName } = resolve('/blog/2024/');
 * const [view, , kw] = resolve('/blog/2024/'); // iterable like Django's (func, args, kwargs)
 */
export class Match implements ResolverMatch {
  readonly func: View;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly urlName: string | null;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly namespace: string;
  readonly appName: string;
  readonly route: string;
  readonly viewName: string;

  constructor(info: MatchInfo, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>) {
    // Copied, not delegated: a spread `{ ...match }` keeps every field.
    this.func = info.func;
    this.args = args;
    this.kwargs = kwargs;
    this.urlName = info.urlName;
    this.appNames = info.appNames;
    this.namespaces = info.namespaces;
    this.namespace = info.namespace;
    this.appName = info.appName;
    this.route = info.route;
    this.viewName = info.viewName;
  }

  *[Symbol.iterator](): Iterator<unknown> {
    yield this.func;
    yield this.args;
    yield this.kwargs;
  }

  toString(): string {
    return (
      `ResolverMatch(func=${this.func.name || '<anonymous view>'}, args=${pyRepr(this.args)}, kwargs=${pyRepr(this.kwargs)}, ` +
      `urlName=${pyRepr(this.urlName)}, appNames=${pyRepr(this.appNames)}, namespaces=${pyRepr(this.namespaces)}, route=${pyRepr(this.route)})`
    );
  }
}
