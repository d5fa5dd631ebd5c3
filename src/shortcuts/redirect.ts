import { HttpResponsePermanentRedirect, HttpResponseRedirect } from '../http/response.js';
import { NoReverseMatch, reverse } from '../urls/index.js';

/** Something that knows its own URL, like a model with getAbsoluteUrl(). */
export interface HasAbsoluteUrl {
  getAbsoluteUrl(): string;
}

export interface RedirectOptions {
  /** 301 instead of 302. */
  permanent?: boolean;
  args?: readonly unknown[];
  kwargs?: Readonly<Record<string, unknown>>;
}

/**
 * The URL for `to`: an object's getAbsoluteUrl(), a URL pattern name reversed with the given
 * arguments, or the string itself when it looks like a URL. Django's resolve_url.
 */
export function resolveUrl(to: string | HasAbsoluteUrl, options: Omit<RedirectOptions, 'permanent'> = {}): string {
  if (typeof to !== 'string') return to.getAbsoluteUrl();
  if (to.startsWith('./') || to.startsWith('../')) return to;
  try {
    return reverse(to, { args: options.args, kwargs: options.kwargs });
  } catch (error) {
    // A bare name that is not a pattern is a mistake; a string with '/' or '.' is a URL.
    if (!(error instanceof NoReverseMatch) || (!to.includes('/') && !to.includes('.'))) throw error;
    return to;
  }
}

/**
 * A redirect to a URL, a pattern name or an object. Django's redirect().
 *
 * @example return redirect('book-detail', { kwargs: { id: 3 } });
 */
export function redirect(to: string | HasAbsoluteUrl, options: RedirectOptions = {}): HttpResponseRedirect {
  const url = resolveUrl(to, options);
  return options.permanent ? new HttpResponsePermanentRedirect(url) : new HttpResponseRedirect(url);
}
