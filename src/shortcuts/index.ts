export { redirect, resolveUrl } from './redirect.js';
export type { HasAbsoluteUrl, RedirectOptions } from './redirect.js';
