/**
 * path()'s route syntax: literal text with `<converter:name>` parameters, compiled once into a
 * sticky regex (or, for a route without parameters, into a plain string comparison).
 */
import { ImproperlyConfigured } from '../conf/errors.js';
import { converterNames, findConverter } from './converters.js';
import type { Converter } from './converters.js';
import { ValueError } from './errors.js';
import { escapeRegex, NO_ARGS } from './pattern.js';
import type { Pattern, PatternMatch } from './pattern.js';
import { countCapturingGroups } from './regex-scan.js';

interface Param {
  readonly name: string;
  readonly converter: Converter;
  /** Index of its group in the exec() result. */
  readonly group: number;
}

// Python's str.isidentifier(), near enough: Unicode letters, digits after the first, '_'.
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/**
 * A compiled `path()` route.
 *
 * @example
 * const p = new RoutePattern('blog/<int:year>/', true);
 * p.match('blog/2024/', 0); // { end: 10, args: [], kwargs: { year: 2024 } }
 */
export class RoutePattern implements Pattern {
  readonly route: string;
  readonly reverseSource: string;
  readonly converters: ReadonlyMap<string, Converter>;
  readonly isEndpoint: boolean;
  readonly head: number;
  /**
   * The literal text before the first parameter, as a flat string (the parser's concatenations
   * leave a cons string, whose characters V8 reads several times slower) and as char codes.
   */
  readonly #prefix: string;
  readonly #prefixCodes: Uint16Array;
  /** Null for a route without parameters, which is matched by string comparison. */
  readonly #regex: RegExp | null;
  readonly #params: readonly Param[];

  constructor(route: string, isEndpoint: boolean) {
    if (typeof route !== 'string') {
      throw new ImproperlyConfigured(`A URL route must be a string, got ${typeof route}: use rePath() for a RegExp.`);
    }
    const parsed = parseRoute(route);
    this.route = route;
    this.isEndpoint = isEndpoint;
    const prefix = parsed.literals[0] ?? '';
    this.#prefixCodes = Uint16Array.from({ length: prefix.length }, (_, i) => prefix.charCodeAt(i));
    this.#prefix = String.fromCharCode(...this.#prefixCodes);
    this.head = prefix.length === 0 ? -1 : prefix.charCodeAt(0);
    const end = isEndpoint ? '$' : '';
    let execSource = '';
    let reverseSource = '^';
    const params: Param[] = [];
    const converters = new Map<string, Converter>();
    let group = 1;
    parsed.literals.forEach((literal, i) => {
      execSource += escapeRegex(literal);
      reverseSource += escapeRegex(literal);
      const name = parsed.names[i];
      const converter = parsed.converters[i];
      if (name === undefined || converter === undefined) return;
      // Unnamed groups in the exec regex spare V8 building a `groups` object on every match.
      execSource += `(${converter.regex})`;
      reverseSource += `(?<${name}>${converter.regex})`;
      params.push({ name, converter, group });
      converters.set(name, converter);
      group += 1 + countCapturingGroups(converter.regex);
    });
    this.reverseSource = reverseSource + end;
    this.converters = converters;
    this.#params = params;
    this.#regex = params.length === 0 ? null : new RegExp(execSource + end, 'y');
    Object.freeze(this);
  }

  match(path: string, offset: number): PatternMatch | null {
    const regex = this.#regex;
    if (regex === null) {
      const end = offset + this.#prefix.length;
      if (this.isEndpoint) {
        // The length fits, so endsWith() is an exact comparison, and V8's fastest.
        if (path.length !== end || !path.endsWith(this.#prefix)) return null;
      } else if (!hasAt(path, offset, this.#prefixCodes)) {
        return null;
      }
      return { end, args: NO_ARGS, kwargs: {} };
    }
    // No separate prefix test: the resolver has checked the first character, and the regex
    // compares the rest of the literal natively.
    regex.lastIndex = offset;
    const m = regex.exec(path);
    if (m === null) return null;
    const end = regex.lastIndex;
    const kwargs: Record<string, unknown> = {};
    const params = this.#params;
    for (let i = 0; i < params.length; i++) {
      const param = params[i]!;
      try {
        kwargs[param.name] = param.converter.toValue(m[param.group]!);
      } catch (error) {
        if (error instanceof ValueError) return null;
        throw error;
      }
    }
    return { end, args: NO_ARGS, kwargs };
  }

  matchEnd(path: string, offset: number): number {
    const regex = this.#regex;
    if (regex === null) {
      const end = offset + this.#prefixCodes.length;
      if (!hasAt(path, offset, this.#prefixCodes) || (this.isEndpoint && path.length !== end)) return -1;
      return end;
    }
    regex.lastIndex = offset;
    return regex.exec(path) === null ? -1 : regex.lastIndex;
  }

  toString(): string {
    return this.route;
  }
}

/** `path.startsWith(literal, offset)`, which V8 runs several times slower when given an offset. */
function hasAt(path: string, offset: number, literal: Uint16Array): boolean {
  const n = literal.length;
  if (path.length - offset < n) return false;
  for (let i = 0; i < n; i++) if (path.charCodeAt(offset + i) !== literal[i]) return false;
  return true;
}

interface ParsedRoute {
  /** Literal text around the parameters: one more than there are parameters. */
  readonly literals: readonly string[];
  readonly names: readonly string[];
  readonly converters: readonly Converter[];
}

/** Splits a route into literals and `<converter:name>` parameters, checking Django's rules. */
function parseRoute(route: string): ParsedRoute {
  const literals: string[] = [];
  const names: string[] = [];
  const converters: Converter[] = [];
  let literal = '';
  let i = 0;
  while (i < route.length) {
    const ch = route[i]!;
    if (ch === '>') throw syntaxError(route, `has a '>' with no '<' before it`);
    if (ch !== '<') {
      literal += ch;
      i++;
      continue;
    }
    const close = route.indexOf('>', i + 1);
    if (close < 0) throw syntaxError(route, `has a '<' that is never closed by '>'`);
    const inside = route.slice(i + 1, close);
    if (inside.includes('<')) throw syntaxError(route, `has a '<' inside <…>`);
    if (/\s/.test(inside)) {
      throw new ImproperlyConfigured(`URL route '${route}' cannot contain whitespace in angle brackets <…>.`);
    }
    const colon = inside.indexOf(':');
    const converterName = colon < 0 ? 'str' : inside.slice(0, colon);
    const name = colon < 0 ? inside : inside.slice(colon + 1);
    if (!IDENTIFIER.test(name) || name === '__proto__') {
      throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' which isn't a valid identifier.`);
    }
    if (names.includes(name)) {
      throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' more than once.`);
    }
    const converter = findConverter(converterName);
    if (converter === undefined) {
      throw new ImproperlyConfigured(
        `URL route '${route}' uses invalid converter '${converterName}'. ` +
          `Known converters: ${converterNames().join(', ')} (add others with registerConverter()).`,
      );
    }
    literals.push(literal);
    names.push(name);
    converters.push(converter);
    literal = '';
    i = close + 1;
  }
  literals.push(literal);
  return { literals, names, converters };
}

function syntaxError(route: string, problem: string): ImproperlyConfigured {
  return new ImproperlyConfigured(
    `URL route '${route}' ${problem}. Parameters are written <name> or <converter:name>, e.g. 'blog/<int:year>/'.`,
  );
}
