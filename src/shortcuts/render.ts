import type { HttpRequest } from '../http/request.js';
import { HttpResponse } from '../http/response.js';
import { renderToString } from '../templates/index.js';

export interface RenderOptions {
  /** The response's status (200). */
  status?: number;
  /** The response's Content-Type (DEFAULT_CONTENT_TYPE with DEFAULT_CHARSET). */
  contentType?: string;
  /** The NAME of the engine to use; every engine in TEMPLATES order by default. */
  using?: string;
}

/**
 * Renders a template for the request and answers with it: Django's render(). The context
 * processors run with the request, so the page has `csrf_token`, `request`, `user`, … For a
 * response that middleware may still change before it renders, return a TemplateResponse.
 *
 * @example return render(request, 'books/list.html', { books }, { status: 200 });
 */
export async function render(
  request: HttpRequest,
  templateName: string | readonly string[],
  context: Readonly<Record<string, unknown>> = {},
  options: RenderOptions = {},
): Promise<HttpResponse> {
  const content = await renderToString(templateName, context, request, options.using === undefined ? {} : { using: options.using });
  return new HttpResponse(content, {
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  });
}
