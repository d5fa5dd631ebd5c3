import type { Context, Emitter, Template } from 'liquidjs';
import { LayoutTag } from 'liquidjs';

// LiquidJS's BlockMode (not exported): how `{% block %}` tags behave while a layout renders.
// liquidjs is pinned to an exact version; the extends/block.super tests fail if these change.
const OUTPUT = 0;
const STORE = 1;

/**
 * `{% extends "base.html" %}`: Liquid's `layout`, with the parent resolved once. LiquidJS looks the
 * parent up again on every render (a new Parser and Loader, a cache key, a cache read); with the
 * template cache on (OPTIONS.cache, on unless debug) the parent of a name written in quotes is the
 * same every time, so the first render keeps it. With the cache off, or a parent named by a
 * variable, every render looks it up, so edits and changing names show at once.
 */
export class ExtendsTag extends LayoutTag {
  #parent: Template[] | undefined;

  override *render(ctx: Context, emitter: Emitter): Generator<unknown, unknown, unknown> {
    const file = this.file;
    if (typeof file !== 'string' || !this.liquid.options.cache) return yield* super.render(ctx, emitter);
    // The same lookup LiquidJS makes (relative names, DIRS, errors naming this tag's place), made once.
    this.#parent ??= (yield this.liquid._parseLayoutFile(file, ctx.sync, this.token.file)) as Template[];
    const renderer = this.liquid.renderer;
    // As LayoutTag renders: this template's blocks are stored, then the parent renders with them.
    ctx.setRegister('blockMode', STORE);
    const html = (yield renderer.renderTemplates(this.templates, ctx)) as string;
    const blocks = ctx.getRegister('blocks', {}) as Record<string, unknown>;
    // Text outside the blocks goes to the parent's unnamed block, if it has one.
    if (blocks[''] === undefined) blocks[''] = (_parent: unknown, out: Emitter): void => out.write(html);
    ctx.setRegister('blockMode', OUTPUT);
    ctx.push(Object.assign(Object.create(null) as object, yield this.args.render(ctx)));
    yield renderer.renderTemplates(this.#parent, ctx, emitter);
    ctx.pop();
    return undefined;
  }
}
