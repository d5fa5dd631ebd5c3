/**
 * The URL dispatcher's errors: Django's Resolver404 and NoReverseMatch, plus the ValueError a
 * converter throws to say "not this pattern".
 */
import { CanterError, Http404 } from '../conf/errors.js';

/** One entry of Resolver404.tried: the route strings from the outermost include to the pattern. */
export type TriedChain = readonly string[];

/**
 * No URL pattern matched the path: the handler answers 404 (Http404's status). `path` is the part
 * the patterns were tried against (the path without its leading '/', as Django shows it) and
 * `tried` every pattern chain tried, for the DEBUG 404 page.
 *
 * @example
 * try { resolver.resolve('/nope/'); } catch (e) { if (e instanceof Resolver404) console.log(e.tried); }
 */
export class Resolver404 extends Http404 {
  override readonly code: string = 'E_RESOLVER_404';
  readonly path: string;
  #tried: readonly TriedChain[] | undefined;
  #collect: (() => readonly TriedChain[]) | undefined;

  /** `tried` may be a function: a 404 only pays for walking the patterns again if someone looks. */
  constructor(path: string, tried: readonly TriedChain[] | (() => readonly TriedChain[]) = []) {
    super(`No URL pattern matches '${path}'`);
    this.path = path;
    if (typeof tried === 'function') this.#collect = tried;
    else this.#tried = tried;
  }

  get tried(): readonly TriedChain[] {
    if (this.#tried === undefined) {
      this.#tried = this.#collect === undefined ? [] : this.#collect();
      this.#collect = undefined;
    }
    return this.#tried;
  }
}

/**
 * reverse() found no pattern for the name (or view) and arguments. Like Django, this is a
 * programming error and answers 500.
 *
 * @example
 * reverse('archive', { kwargs: { year: 'x' } });
 * // NoReverseMatch: Reverse for 'archive' with keyword arguments '{'year': 'x'}' not found. 1 pattern(s) tried: ['blog/<int:year>/']
 */
export class NoReverseMatch extends CanterError {
  override readonly code: string = 'E_NO_REVERSE_MATCH';
}

/**
 * Thrown by a converter's `toValue()` (or `toUrl()`) to say the text does not fit after all: the
 * resolver then tries the next pattern (reverse() the next candidate), as Django does for a
 * ValueError. Any other error thrown by a converter propagates, so bugs stay visible.
 *
 * @example
 * toValue(s) { const n = Number(s); if (n > 9999) throw new ValueError('year out of range'); return n; }
 */
export class ValueError extends CanterError {
  override readonly code: string = 'E_VALUE';
}
