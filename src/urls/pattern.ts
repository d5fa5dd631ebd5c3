/**
 * What every compiled URL pattern offers the resolver, whether written as a route
 * (`blog/<int:year>/`) or as a regex. Patterns are immutable once built.
 */
import type { Converter } from './converters.js';

/** A successful match: where it ended in the path, and what it captured. */
export interface PatternMatch {
  /** Index in the path just past the matched text; the next pattern starts here. */
  readonly end: number;
  /** Positional captures; only regex patterns without named groups have them. */
  readonly args: readonly unknown[];
  /** Named captures, already converted; a fresh object the resolver may keep. */
  readonly kwargs: Record<string, unknown>;
}

export interface Pattern {
  /** As written, e.g. `blog/<int:year>/` or `^foo/([0-9]{1,2})/$`: shown in tried lists and ResolverMatch.route. */
  readonly route: string;
  /** JavaScript regex source with named groups, from which reverse() derives URL templates. */
  readonly reverseSource: string;
  /** Converters by parameter name (empty for regex patterns, whose captures stay strings). */
  readonly converters: ReadonlyMap<string, Converter>;
  /** True for a view's pattern (matches to the end), false for an include() prefix. */
  readonly isEndpoint: boolean;
  /**
   * The char code every match must start with, or -1 when that is not known. The resolver tests
   * it inline, so most non-matching patterns cost one comparison and no call.
   */
  readonly head: number;
  /**
   * Matches at `offset` of `path` (the leading '/' is never part of a pattern). Returns null
   * without allocating when it does not match, which is what most patterns do on any request.
   */
  match(path: string, offset: number): PatternMatch | null;
  /** The regex alone, no converters: the end of the match, or -1. reverse() checks its output with it. */
  matchEnd(path: string, offset: number): number;
}

/** Shared by every match without positional captures; never mutated. */
export const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Escapes text for use as a literal in JavaScript regex source. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
