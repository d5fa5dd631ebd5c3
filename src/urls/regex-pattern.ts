/**
 * rePath()'s patterns: a regex searched in the rest of the path, as Django's RegexPattern does.
 * Named groups become kwargs (strings, unconverted); without any, the groups become args.
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import type { Converter } from './converters.js';
import { NO_ARGS } from './pattern.js';
import type { Pattern, PatternMatch } from './pattern.js';
import { pythonToJs } from '../conf/python-regex.js';
import { stickySource } from './regex-scan.js';

const NO_CONVERTERS: ReadonlyMap<string, Converter> = new Map();

/**
 * A compiled `rePath()` regex. A string is read as Python syntax (`(?P<name>…)`); a RegExp is used
 * as it is (its `g` and `y` flags are dropped: the resolver positions the search itself).
 *
 * @example
 * const p = new RegexPattern('^foo/([0-9]{1,2})/$', true);
 * p.match('foo/12/', 0); // { end: 7, args: ['12'], kwargs: {} }
 */
export class RegexPattern implements Pattern {
  readonly route: string;
  readonly reverseSource: string;
  readonly converters: ReadonlyMap<string, Converter> = NO_CONVERTERS;
  readonly isEndpoint: boolean;
  readonly head: number;
  readonly #regex: RegExp;
  /** True when #regex is the sticky form without its leading '^' (see stickySource). */
  readonly #sticky: boolean;

  constructor(regex: string | RegExp, isEndpoint: boolean) {
    let js: { source: string; flags: string };
    if (regex instanceof RegExp) {
      this.route = regex.source;
      js = { source: regex.source, flags: regex.flags.replace(/[gy]/g, '') };
    } else if (typeof regex === 'string') {
      this.route = regex;
      js = pythonToJs(regex);
    } else {
      throw new ImproperlyConfigured(`rePath() needs a regex string or a RegExp, got ${typeof regex}.`);
    }
    this.isEndpoint = isEndpoint;
    this.reverseSource = js.source;
    const sticky = stickySource(js.source, js.flags);
    try {
      this.#regex = sticky === null ? new RegExp(js.source, js.flags) : new RegExp(sticky, `${js.flags}y`);
    } catch (error) {
      throw new ImproperlyConfigured(`"${this.route}" is not a valid regular expression: ${(error as Error).message}`);
    }
    this.#sticky = sticky !== null;
    this.head = sticky === null || js.flags.includes('i') ? -1 : literalHead(sticky);
    Object.freeze(this);
  }

  match(path: string, offset: number): PatternMatch | null {
    const regex = this.#regex;
    let m: RegExpExecArray | null;
    let end: number;
    if (this.#sticky) {
      regex.lastIndex = offset;
      m = regex.exec(path);
      if (m === null) return null;
      end = regex.lastIndex;
    } else {
      m = regex.exec(offset === 0 ? path : path.slice(offset));
      if (m === null) return null;
      end = offset + m.index + m[0].length;
    }
    const kwargs: Record<string, unknown> = {};
    let named = 0;
    const groups = m.groups;
    if (groups !== undefined) {
      for (const key in groups) {
        const value = groups[key];
        // Django 3+: a named group that did not take part is left out, so the view's default applies.
        if (value !== undefined) {
          kwargs[key] = value;
          named++;
        }
      }
    }
    // Django's rule: any named capture means the unnamed ones are not passed at all.
    const args = named > 0 || m.length === 1 ? NO_ARGS : m.slice(1);
    return { end, args, kwargs };
  }

  matchEnd(path: string, offset: number): number {
    const regex = this.#regex;
    if (this.#sticky) {
      regex.lastIndex = offset;
      return regex.exec(path) === null ? -1 : regex.lastIndex;
    }
    const m = regex.exec(offset === 0 ? path : path.slice(offset));
    return m === null ? -1 : offset + m.index + m[0].length;
  }

  toString(): string {
    return this.route;
  }
}

/** The char code an anchored regex body must start with, when it starts with a plain literal. */
function literalHead(body: string): number {
  let ch = body[0] ?? '';
  let next = 1;
  if (ch === '\\' && /[/.-]/.test(body[1] ?? '')) {
    ch = body[1]!;
    next = 2;
  } else if (!/[A-Za-z0-9_/~%@!,;=&'"<>:-]/.test(ch)) {
    return -1;
  }
  // A quantifier after it could make it optional.
  return /[*?{]/.test(body[next] ?? '') ? -1 : ch.charCodeAt(0);
}
