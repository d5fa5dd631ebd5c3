// Declares the response's xframeOptionsExempt flag, which XFrameOptionsMiddleware reads.
import '../../middleware/clickjacking.js';
import type { HttpResponseBase } from '../../http/response-base.js';
import type { View } from '../../urls/types.js';
import { afterView } from './wrap.js';

/**
 * Sends `X-Frame-Options: DENY` with the view's responses (unless the view set the header):
 * no site may frame this page, whatever X_FRAME_OPTIONS says.
 *
 * @example const settings = xframeOptionsDeny(accountSettingsView);
 */
export function xframeOptionsDeny<V extends View>(view: V): V {
  return afterView(view, 'xframeOptionsDeny', (response) => setDefaultFrameOptions(response, 'DENY'));
}

/**
 * Sends `X-Frame-Options: SAMEORIGIN` with the view's responses (unless the view set the
 * header): only pages of this site may frame this one.
 *
 * @example const preview = xframeOptionsSameorigin(previewView);
 */
export function xframeOptionsSameorigin<V extends View>(view: V): V {
  return afterView(view, 'xframeOptionsSameorigin', (response) => setDefaultFrameOptions(response, 'SAMEORIGIN'));
}

/**
 * Marks the view's responses so XFrameOptionsMiddleware sends no X-Frame-Options: for pages meant
 * to be framed by other sites (an embeddable widget).
 *
 * @example const widget = xframeOptionsExempt(widgetView);
 */
export function xframeOptionsExempt<V extends View>(view: V): V {
  return afterView(view, 'xframeOptionsExempt', (response) => {
    response.xframeOptionsExempt = true;
  });
}

function setDefaultFrameOptions(response: HttpResponseBase, value: 'DENY' | 'SAMEORIGIN'): void {
  response.headers.setDefault('X-Frame-Options', value);
}
