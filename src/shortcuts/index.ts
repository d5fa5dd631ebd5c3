export { redirect, resolveUrl } from './redirect.js';
export type { HasAbsoluteUrl, RedirectOptions } from './redirect.js';
export { render } from './render.js';
export type { RenderOptions } from './render.js';
