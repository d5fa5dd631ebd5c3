import type { Context, Emitter, Liquid, Parser, TagToken, Template, TopLevelToken } from 'liquidjs';
import { Tag } from 'liquidjs';
import { TemplateSyntaxError } from '../errors.js';
import { withAutoescape } from '../backends/liquid-state.js';
import { parseBlock } from './block.js';

/** `{% autoescape off %}…{% endautoescape %}` (or `on`): switches autoescaping for the block. */
export class AutoescapeTag extends Tag {
  readonly #on: boolean;
  readonly #templates: Template[];

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remainTokens, liquid);
    const arg = token.args.trim();
    if (arg !== 'on' && arg !== 'off') {
      throw new TemplateSyntaxError(`'autoescape' takes one argument, on or off; got ${JSON.stringify(arg)}.`);
    }
    this.#on = arg === 'on';
    this.#templates = parseBlock(token, remainTokens, parser, 'endautoescape');
  }

  *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const renderer = this.liquid.renderer;
    const templates = this.#templates;
    yield* withAutoescape(ctx, this.#on, function* () {
      yield renderer.renderTemplates(templates, ctx, emitter);
    });
  }
}
