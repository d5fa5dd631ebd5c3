import type { Context, Emitter, Liquid, Parser, TagToken, Template, TopLevelToken, Value } from 'liquidjs';
import { Tag } from 'liquidjs';
import type { BaseCache } from '../../cache/base.js';
import { CacheUnavailable } from '../../cache/errors.js';
import { makeTemplateFragmentKey } from '../../cache/page-keys.js';
import { caches } from '../../cache/registry.js';
import { getLogger } from '../../conf/log.js';
import { getSettings } from '../../conf/settings/index.js';
import { TemplateSyntaxError } from '../errors.js';
import { parseBlock } from './block.js';
import { compile, evaluate, splitArguments } from './arguments.js';

/**
 * `{% cache 500 sidebar request.user.username %}…{% endcache %}`: Django's fragment cache. The
 * timeout (seconds, or null for ever) and the vary-on values are expressions; the fragment name
 * is taken as written. The key is makeTemplateFragmentKey(name, values), so a view can drop an
 * entry; the cache is `using="alias"` when given, else `template_fragments` when CACHES has it,
 * else `default`. A cache that is down costs a render, not the page.
 */
export class CacheTag extends Tag {
  readonly #timeout: Value;
  readonly #timeoutText: string;
  readonly #fragment: string;
  readonly #varyOn: readonly Value[];
  readonly #using: Value | undefined;
  readonly #templates: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const bits = splitArguments(token.args);
    let using: Value | undefined;
    const last = bits[bits.length - 1];
    if (last !== undefined && last.startsWith('using=')) {
      using = compile(last.slice('using='.length), liquid, 'cache');
      bits.pop();
    }
    if (bits.length < 2) {
      throw new TemplateSyntaxError("'cache' takes at least two arguments, the timeout and the fragment's name: {% cache 500 sidebar %}.");
    }
    this.#timeout = compile(bits[0]!, liquid, 'cache');
    this.#timeoutText = bits[0]!;
    this.#fragment = bits[1]!;
    this.#varyOn = bits.slice(2).map((bit) => compile(bit, liquid, 'cache'));
    this.#using = using;
    this.#templates = parseBlock(token, remainTokens, parser, 'endcache');
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const timeout = timeoutOf(yield* evaluate(this.#timeout, ctx), this.#timeoutText);
    const varyOn: unknown[] = [];
    for (const value of this.#varyOn) varyOn.push(yield* evaluate(value, ctx));
    const cache = fragmentCache(this.#using === undefined ? undefined : String(yield* evaluate(this.#using, ctx)));
    const key = makeTemplateFragmentKey(this.#fragment, varyOn);
    const cached = yield tolerate(cache.get(key), undefined);
    if (typeof cached === 'string') {
      emitter.write(cached);
      return;
    }
    const html = String(yield this.liquid.renderer.renderTemplates(this.#templates, ctx));
    yield tolerate(cache.set(key, html, timeout), undefined);
    emitter.write(html);
  }
}

function timeoutOf(value: unknown, expression: string): number | null {
  if (value === null) return null;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(seconds)) {
    const what = value === undefined ? 'an unknown variable' : `a timeout that is not a whole number: ${JSON.stringify(value)}`;
    throw new TemplateSyntaxError(`'cache' tag got ${what} (${expression}); give seconds, or null to keep it for ever.`);
  }
  return seconds;
}

function fragmentCache(using: string | undefined): BaseCache {
  const configured = getSettings().CACHES;
  if (using !== undefined) {
    if (!Object.hasOwn(configured, using)) {
      throw new TemplateSyntaxError(
        `Invalid cache name specified for the 'cache' tag: ${JSON.stringify(using)}; CACHES has ${Object.keys(configured).map((a) => `'${a}'`).join(', ') || 'no alias'}.`,
      );
    }
    return caches.get(using);
  }
  return caches.get(Object.hasOwn(configured, 'template_fragments') ? 'template_fragments' : 'default');
}

/** A cache call whose outage degrades to `fallback` with a warning. */
async function tolerate<T>(call: Promise<T>, fallback: T): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof CacheUnavailable)) throw error;
    getLogger('canter.template').warning(`The fragment cache is unavailable; rendering without it: ${error.message}`);
    return fallback;
  }
}
