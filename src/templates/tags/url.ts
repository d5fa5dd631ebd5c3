import type { Context, Emitter, Liquid, TagToken, TopLevelToken } from 'liquidjs';
import { Tag } from 'liquidjs';
import { NoReverseMatch, reverse } from '../../urls/index.js';
import { TemplateSyntaxError } from '../errors.js';
import { escapeHtml } from '../safe.js';
import { autoescapeOn, renderStateOf } from '../backends/liquid-state.js';
import type { TagArguments } from './arguments.js';
import { evaluate, parseArguments, splitArguments } from './arguments.js';

/**
 * `{% url 'name' arg1 arg2 %}`, `{% url 'ns:name' key=value %}`, `{% url 'name' arg as link %}`:
 * the path of a named URL pattern, by reverse(). With `as`, a pattern that does not reverse
 * gives '' instead of an error (Django's rule); otherwise NoReverseMatch names the pattern.
 */
export class UrlTag extends Tag {
  readonly #args: TagArguments;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.#args = parseArguments(splitArguments(token.args), liquid, 'url', { allowAs: true });
    if (this.#args.positional.length === 0) {
      throw new TemplateSyntaxError("'url' takes at least one argument, the name of a URL pattern: {% url 'book-detail' book.id %}.");
    }
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const [view, ...rest] = this.#args.positional;
    const name = String(yield* evaluate(view!, ctx));
    const args: unknown[] = [];
    for (const value of rest) args.push(yield* evaluate(value, ctx));
    const kwargs: Record<string, unknown> = {};
    for (const [key, value] of this.#args.named) kwargs[key] = yield* evaluate(value, ctx);
    const request = renderStateOf(ctx)?.request as { currentApp?: string; resolverMatch?: { namespace: string } | null } | undefined;
    const currentApp = request?.currentApp ?? request?.resolverMatch?.namespace;
    let url: string;
    try {
      url = reverse(name, { args, kwargs, currentApp });
    } catch (error) {
      if (!(error instanceof NoReverseMatch) || this.#args.asVar === undefined) throw error;
      url = '';
    }
    if (this.#args.asVar !== undefined) ctx.bottom()[this.#args.asVar] = url;
    else emitter.write(autoescapeOn(ctx) ? escapeHtml(url) : url);
  }
}
