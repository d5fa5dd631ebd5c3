import type { FilterImplOptions, Liquid, LiquidOptions } from 'liquidjs';

/** A Liquid tag: a Tag subclass, or `{ parse, render }` (what liquid.registerTag() takes). */
export type TagDefinition = Parameters<Liquid['registerTag']>[1];
import { getSettings } from '../../conf/settings/index.js';
import type { ContextProcessor } from '../context-processors.js';
import { CONTEXT_PROCESSORS } from '../context-processors.js';
import type { EngineParams } from '../engine.js';
import { describeSettingValue, InvalidTemplateEngineError } from '../errors.js';

/**
 * Custom tags and filters for OPTIONS.builtins (and OPTIONS.libraries): Liquid filter functions
 * and tag classes by name, or a function given the engine's Liquid to register anything.
 *
 * @example
 * const shout: TemplateLibrary = { filters: { shout: (v: unknown) => `${String(v)}!` } };
 * TEMPLATES: [{ BACKEND: 'liquid', OPTIONS: { builtins: [shout] } }]
 */
export type TemplateLibrary =
  | { readonly filters?: Readonly<Record<string, FilterImplOptions>>; readonly tags?: Readonly<Record<string, TagDefinition>> }
  | ((liquid: Liquid) => void);

/** The Liquid engine's OPTIONS, checked, with defaults filled in. */
export interface LiquidEngineOptions {
  readonly contextProcessors: readonly ContextProcessor[];
  /** Messages of template errors carry the lines around the fault. Default: DEBUG. */
  readonly debug: boolean;
  /** `{{ value }}` is HTML-escaped unless marked safe. Default: true. */
  readonly autoescape: boolean;
  /** Keep parsed templates in memory. Default: true unless debug (so edits show at once). */
  readonly cache: boolean;
  readonly libraries: readonly TemplateLibrary[];
  /** Further LiquidJS options (strictVariables, jsTruthy, dateFormat, ...). */
  readonly liquid: Readonly<LiquidOptions>;
}

const KEYS = ['context_processors', 'debug', 'autoescape', 'cache', 'builtins', 'libraries', 'liquid'];
/** LiquidJS options Canter sets itself from DIRS, APP_DIRS and autoescape. */
const OWN_LIQUID_OPTIONS = ['root', 'partials', 'layouts', 'outputEscape', 'templates', 'cache'];

/** Checks OPTIONS; every problem is named `TEMPLATES[i].OPTIONS.key` with its value and what is valid. */
export function liquidEngineOptions(params: EngineParams): LiquidEngineOptions {
  const options = params.options;
  const problems: string[] = [];
  const at = (key: string, value: unknown, expected: string): void => {
    problems.push(`${params.settingName}.OPTIONS.${key} is ${describeSettingValue(value)}; it must be ${expected}.`);
  };
  for (const key of Object.keys(options)) {
    if (!KEYS.includes(key)) problems.push(`${params.settingName}.OPTIONS.${key} is not an option of the Liquid engine; it has ${KEYS.join(', ')}.`);
  }
  const flag = (key: string, fallback: boolean): boolean => {
    const value = options[key] ?? fallback;
    if (typeof value !== 'boolean') at(key, value, 'true or false');
    return value === true;
  };
  const debug = flag('debug', getSettings().DEBUG);
  const autoescape = flag('autoescape', true);
  const cache = flag('cache', !debug);

  const contextProcessors: ContextProcessor[] = [];
  const processors = options.context_processors ?? [];
  if (!Array.isArray(processors)) at('context_processors', processors, 'an array of functions (request) => object, or the names of the built-in ones');
  else {
    processors.forEach((entry: unknown, i) => {
      const fn = typeof entry === 'function' ? (entry as ContextProcessor) : typeof entry === 'string' ? CONTEXT_PROCESSORS[entry] : undefined;
      if (fn === undefined) {
        at(`context_processors[${i}]`, entry, `a function (request) => object, or one of ${Object.keys(CONTEXT_PROCESSORS).map((n) => `'${n}'`).join(', ')}`);
      } else contextProcessors.push(fn);
    });
  }

  const libraries: TemplateLibrary[] = [];
  const builtins = options.builtins ?? [];
  if (!Array.isArray(builtins)) at('builtins', builtins, 'an array of libraries ({ filters, tags } or (liquid) => void)');
  else {
    builtins.forEach((entry: unknown, i) => {
      if (isLibrary(entry)) libraries.push(entry);
      else at(`builtins[${i}]`, entry, LIBRARY);
    });
  }
  const named = options.libraries ?? {};
  if (typeof named !== 'object' || named === null || Array.isArray(named)) at('libraries', named, 'an object of libraries by name');
  else {
    for (const [name, entry] of Object.entries(named)) {
      if (isLibrary(entry)) libraries.push(entry);
      else at(`libraries.${name}`, entry, LIBRARY);
    }
  }

  const liquid = options.liquid ?? {};
  if (typeof liquid !== 'object' || liquid === null || Array.isArray(liquid)) at('liquid', liquid, 'an object of LiquidJS options');
  else {
    for (const key of OWN_LIQUID_OPTIONS) {
      if (key in liquid) problems.push(`${params.settingName}.OPTIONS.liquid.${key} is set by Canter (from DIRS, APP_DIRS, autoescape and cache); leave it out.`);
    }
  }
  if (problems.length > 0) throw new InvalidTemplateEngineError(problems.join('\n'));
  return { contextProcessors, debug, autoescape, cache, libraries, liquid: liquid as LiquidOptions };
}

const LIBRARY = 'a library: { filters?: { name: fn }, tags?: { name: Tag class or { parse, render } } } or a function (liquid) => void';

function isLibrary(value: unknown): value is TemplateLibrary {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { filters, tags, ...rest } = value as Record<string, unknown>;
  const table = (t: unknown, ok: (v: unknown) => boolean): boolean =>
    t === undefined || (typeof t === 'object' && t !== null && Object.values(t).every(ok));
  return (
    Object.keys(rest).length === 0 &&
    table(filters, (f) => typeof f === 'function' || (typeof f === 'object' && f !== null && typeof (f as { handler?: unknown }).handler === 'function')) &&
    table(tags, (t) => typeof t === 'function' || (typeof t === 'object' && t !== null && typeof (t as { render?: unknown }).render === 'function'))
  );
}
