import type { Context } from 'liquidjs';
import type { HttpRequest } from '../../http/request.js';

/**
 * What Canter's tags need to know about the render in progress. Kept in the render's globals
 * under a symbol, where templates cannot reach it and `{% render %}` partials still see it.
 */
export interface RenderState {
  readonly request: HttpRequest | undefined;
  /** The engine's OPTIONS.autoescape; `{% autoescape %}` blocks override it. */
  readonly autoescape: boolean;
  readonly debug: boolean;
}

export const RENDER_STATE = Symbol('canter.templates.render-state');
const AUTOESCAPE = 'canter.autoescape';

/** The state of the render a tag runs in (undefined outside a Canter engine). */
export function renderStateOf(ctx: Context): RenderState | undefined {
  return (ctx.globals as { [RENDER_STATE]?: RenderState })[RENDER_STATE];
}

/** Whether output is escaped here: the innermost `{% autoescape %}` block, else the engine's setting. */
export function autoescapeOn(ctx: Context): boolean {
  // Registers hold 'on'/'off': getRegister() turns a stored false into undefined.
  const block = ctx.getRegister<'on' | 'off' | undefined>(AUTOESCAPE);
  if (block !== undefined) return block === 'on';
  return renderStateOf(ctx)?.autoescape ?? true;
}

/** Runs `body` with autoescaping switched on or off, then restores what was there. */
export function* withAutoescape<T>(ctx: Context, on: boolean, body: () => Generator<unknown, T, unknown>): Generator<unknown, T, unknown> {
  const before = ctx.getRegister<'on' | 'off' | undefined>(AUTOESCAPE);
  ctx.setRegister(AUTOESCAPE, on ? 'on' : 'off');
  try {
    return yield* body();
  } finally {
    ctx.setRegister(AUTOESCAPE, before);
  }
}
