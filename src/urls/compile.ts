/**
 * Walks a URLconf once, includes and all, into an immutable tree the resolver runs on. Everything
 * a match needs that does not depend on the path (route, namespaces, view name) is computed here.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import { reportEntry } from './checks.js';
import { matchInfo } from './match.js';
import type { MatchInfo } from './match.js';
import type { Pattern } from './pattern.js';
import { UrlInclude, UrlPattern } from './path.js';
import type { View } from './types.js';

/**
 * One compiled urlpatterns entry. A single shape for views and includes keeps the resolver's
 * loop monomorphic; `children === null` marks a view.
 */
export interface CompiledEntry {
  readonly pattern: Pattern;
  /** pattern.head, copied here so the resolver's loop reads it without a call. */
  readonly head: number;
  readonly children: readonly CompiledEntry[] | null;
  /** For a view: its ResolverMatch fields. */
  readonly info: MatchInfo | null;
  readonly view: View | null;
  readonly name: string | null;
  /** path()'s `kwargs`, or null. */
  readonly defaults: Readonly<Record<string, unknown>> | null;
  /** For an include: its namespaces, or null. */
  readonly namespace: string | null;
  readonly appName: string | null;
}

interface Context {
  /** The joined route of the includes above, for ResolverMatch.route. */
  readonly route: string;
  readonly namespaces: readonly string[];
  readonly appNames: readonly string[];
  /** urlpatterns lists being compiled, to catch a URLconf that includes itself. */
  readonly within: ReadonlySet<readonly unknown[]>;
  readonly where: string;
}

/** Compiles a URLconf's urlpatterns (already read) into the resolver's tree. */
export function compileUrlpatterns(urlpatterns: readonly unknown[]): readonly CompiledEntry[] {
  if (!Array.isArray(urlpatterns)) {
    throw new ImproperlyConfigured(`The root URLconf's urlpatterns must be an array of path()/rePath() entries, got ${typeof urlpatterns}.`);
  }
  return compileList(urlpatterns, { route: '', namespaces: [], appNames: [], within: new Set([urlpatterns]), where: 'the root URLconf' });
}

function compileList(urlpatterns: readonly unknown[], ctx: Context): readonly CompiledEntry[] {
  return Object.freeze(urlpatterns.map((entry, index) => compileEntry(entry, index, ctx)));
}

function compileEntry(entry: unknown, index: number, ctx: Context): CompiledEntry {
  if (entry instanceof UrlPattern) {
    reportEntry(entry);
    const route = joinRoute(ctx.route, entry.pattern.route);
    return Object.freeze({
      pattern: entry.pattern,
      head: entry.pattern.head,
      children: null,
      info: matchInfo(entry.view, entry.name, ctx.appNames, ctx.namespaces, route),
      view: entry.view,
      name: entry.name,
      defaults: entry.defaults,
      namespace: null,
      appName: null,
    });
  }
  if (entry instanceof UrlInclude) {
    reportEntry(entry);
    const { included } = entry;
    const urlpatterns = included.urlpatterns;
    const at = entry.pattern.route;
    if (!Array.isArray(urlpatterns)) {
      throw new ImproperlyConfigured(
        `The URLconf included at '${at}' in ${ctx.where} does not appear to have any patterns in it ` +
          `(its urlpatterns is ${typeof urlpatterns}). If it does, the cause is probably a circular import.`,
      );
    }
    if (ctx.within.has(urlpatterns)) {
      throw new ImproperlyConfigured(`The URLconf included at '${at}' in ${ctx.where} includes itself, directly or through others.`);
    }
    const children = compileList(urlpatterns, {
      route: joinRoute(ctx.route, at),
      namespaces: included.namespace ? [...ctx.namespaces, included.namespace] : ctx.namespaces,
      appNames: included.appName ? [...ctx.appNames, included.appName] : ctx.appNames,
      within: new Set([...ctx.within, urlpatterns]),
      where: `the URLconf included at '${at}'`,
    });
    return Object.freeze({
      pattern: entry.pattern,
      head: entry.pattern.head,
      children,
      info: null,
      view: null,
      name: null,
      defaults: entry.defaults,
      namespace: included.namespace,
      appName: included.appName,
    });
  }
  throw new ImproperlyConfigured(
    `urlpatterns[${index}] of ${ctx.where} is ${describe(entry)}, not a URL pattern: build entries with path(), rePath() or path(…, include(…)).`,
  );
}

/** Django's _join_route: the inner route's leading '^' goes. */
export function joinRoute(outer: string, inner: string): string {
  if (outer === '') return inner;
  return outer + (inner.startsWith('^') ? inner.slice(1) : inner);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (nested lists are not flattened)';
  if (typeof value === 'string') return `the string '${value}'`;
  return `a ${typeof value}`;
}
