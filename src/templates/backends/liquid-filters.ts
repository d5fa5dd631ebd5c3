import type { FilterImplOptions, Liquid } from 'liquidjs';
import { toValue } from 'liquidjs';
import { conditionalEscape, escape, escapeHtml, isSafe, markSafe, SafeString, textOf, unescapeHtml } from '../safe.js';
import { autoescapeOn } from './liquid-state.js';

/** What `this` is inside a Liquid filter: the render context, the filter's token, the Liquid. */
export type FilterImpl = ThisParameterType<Extract<FilterImplOptions, (...args: never[]) => unknown>>;

/**
 * What every `{{ value }}` goes through last (Liquid's outputEscape): text marked safe as it is,
 * anything else escaped while autoescaping is on.
 */
export function autoescapeOutput(this: FilterImpl, value: unknown): string {
  if (value instanceof SafeString) return value.toString();
  const text = textOf(toValue(value));
  return autoescapeOn(this.context) ? escapeHtml(text) : text;
}

/** The escaping filters, Django's names and Liquid's, all aware of safe text. */
const FILTERS: Readonly<Record<string, FilterImplOptions>> = {
  /** Marks the value safe: it is written without escaping. */
  safe: (value: unknown) => markSafe(toValue(value)),
  /** Escapes unless already safe (escaping happens once, however often it is asked for). */
  escape: (value: unknown) => conditionalEscape(safeOrValue(value)),
  /** Escapes even text marked safe. */
  force_escape: (value: unknown) => escape(toValue(value)),
  /** Escapes, leaving entities that are already there alone. */
  escape_once: (value: unknown) => escape(unescapeHtml(textOf(toValue(value)))),
  /** Liquid's raw: marks safe, and as the last filter skips autoescaping outright. */
  raw: { raw: true, handler: (value: unknown) => (isSafe(value) ? value : markSafe(toValue(value))) },
  /** Line breaks as <br>, the text around them escaped while autoescaping is on (Django's linebreaksbr). */
  newline_to_br: linebreaksbr,
  linebreaksbr,
  // Django's names for filters Liquid spells otherwise.
  lower: (value: unknown) => textOf(toValue(value)).toLowerCase(),
  upper: (value: unknown) => textOf(toValue(value)).toUpperCase(),
  length: (value: unknown) => lengthOf(toValue(value)),
  capfirst: (value: unknown) => {
    const text = textOf(toValue(value));
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  default_if_none: (value: unknown, fallback: unknown) => (value === null || value === undefined ? fallback : value),
};

function linebreaksbr(this: FilterImpl, value: unknown): SafeString {
  const source = safeOrValue(value);
  const text = source instanceof SafeString || !autoescapeOn(this.context) ? textOf(toValue(source)) : escapeHtml(textOf(toValue(source)));
  return markSafe(text.replace(/\r\n|\r|\n/g, '<br>'));
}

function safeOrValue(value: unknown): unknown {
  return isSafe(value) ? value : toValue(value);
}

function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return 0;
}

/** Installs the escaping filters on an engine's Liquid. */
export function registerFilters(liquid: Liquid): void {
  for (const [name, filter] of Object.entries(FILTERS)) liquid.registerFilter(name, filter);
}
