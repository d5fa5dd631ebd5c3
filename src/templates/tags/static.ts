import type { Context, Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { Tag } from 'liquidjs';
import { getSettings } from '../../conf/settings/index.js';
import { TemplateSyntaxError } from '../errors.js';
import { escapeHtml } from '../safe.js';
import { autoescapeOn } from '../backends/liquid-state.js';
import type { TagArguments } from './arguments.js';
import { evaluate, parseArguments, splitArguments } from './arguments.js';

// Python's quote(path): letters, digits, '_.-~' and '/' stay; every other byte is %XX.
const UNRESERVED = /^[A-Za-z0-9_.\-~/]*$/;
const encoder = new TextEncoder();

function quote(path: string): string {
  if (UNRESERVED.test(path)) return path;
  let out = '';
  for (const ch of path) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const byte of encoder.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The URL of a static file: STATIC_URL joined with the quoted path, as Django's static() joins
 * them with urljoin() (a path starting with '/' replaces STATIC_URL's path).
 *
 * @example staticUrl('css/site.css') // '/static/css/site.css'
 */
export function staticUrl(path: string): string {
  const quoted = quote(path);
  // As urljoin() reads it: '//host/x' is a URL of its own; ':' is quoted, so no scheme survives.
  if (quoted.startsWith('//')) return quoted;
  let base = getSettings().STATIC_URL;
  // A relative STATIC_URL ('static/') is under the script prefix, '/' here.
  if (!base.startsWith('/') && !SCHEME.test(base)) base = `/${base}`;
  if (quoted.startsWith('/')) {
    const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(base);
    return origin === null ? quoted : origin[0] + quoted;
  }
  return base + quoted;
}

/** `{% static 'css/site.css' %}` and `{% static path as url %}`: the URL under STATIC_URL. */
export class StaticTag extends Tag {
  readonly #args: TagArguments;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.#args = parseArguments(splitArguments(token.args), liquid, 'static', { allowAs: true });
    if (this.#args.positional.length !== 1 || this.#args.named.length > 0) {
      throw new TemplateSyntaxError("'static' takes one argument, the path of a static file: {% static 'css/site.css' %}.");
    }
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const url = staticUrl(String((yield* evaluate(this.#args.positional[0]!, ctx)) ?? ''));
    if (this.#args.asVar !== undefined) ctx.bottom()[this.#args.asVar] = url;
    else emitter.write(autoescapeOn(ctx) ? escapeHtml(url) : url);
  }
}
