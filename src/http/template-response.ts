import { ImproperlyConfigured } from '../conf/errors.js';
import type { HttpRequest } from './request.js';
import { ContentNotRenderedError } from './errors.js';
import { HttpResponse } from './response.js';
import type { Content, ResponseInit } from './response.js';

/** A template as the engine returns it: renders a context to text. */
export interface RenderableTemplate {
  render(context: Record<string, unknown>, request?: HttpRequest): string | Promise<string>;
}

/** Finds a template by name; the templates subsystem installs one with setTemplateLoader(). */
export type TemplateLoader = (names: readonly string[]) => RenderableTemplate | Promise<RenderableTemplate>;

let loader: TemplateLoader | undefined;

/** Installs the function that turns template names into templates (the TEMPLATES engines). */
export function setTemplateLoader(fn: TemplateLoader | undefined): void {
  loader = fn;
}

/**
 * A response rendered late: middleware's processTemplateResponse may change `templateName` or
 * `contextData` before the handler calls render(), which happens exactly once. Django's
 * TemplateResponse.
 *
 * @example return new TemplateResponse(request, 'books.html', { books });
 */
export class TemplateResponse extends HttpResponse {
  /** A template name, a list of names to try in order, or a template object. */
  templateName: string | readonly string[] | RenderableTemplate;
  contextData: Record<string, unknown>;
  readonly request: HttpRequest | undefined;
  #rendered = false;
  #postRender: Array<(response: this) => unknown> = [];

  constructor(
    request: HttpRequest | undefined,
    template: string | readonly string[] | RenderableTemplate,
    context: Record<string, unknown> = {},
    init: ResponseInit = {},
  ) {
    super('', init);
    this.request = request;
    this.templateName = template;
    this.contextData = context;
  }

  get isRendered(): boolean {
    return this.#rendered;
  }

  /** Runs after render(), with the rendered response (Django's add_post_render_callback). */
  addPostRenderCallback(fn: (response: this) => unknown): void {
    if (this.#rendered) fn(this);
    else this.#postRender.push(fn);
  }

  /** Renders the template into the content, once; later calls do nothing. */
  async render(): Promise<this> {
    if (this.#rendered) return this;
    const template = await this.resolveTemplate(this.templateName);
    this.content = await template.render(this.contextData, this.request);
    this.#rendered = true;
    for (const fn of this.#postRender.splice(0)) await fn(this);
    return this;
  }

  /** Turns a name (or names) into a template via the installed loader. */
  protected async resolveTemplate(template: string | readonly string[] | RenderableTemplate): Promise<RenderableTemplate> {
    if (typeof template === 'object' && !Array.isArray(template)) return template as RenderableTemplate;
    if (loader === undefined) {
      throw new ImproperlyConfigured(
        'TemplateResponse needs a template engine: configure TEMPLATES (the templates subsystem installs the loader).',
      );
    }
    return loader(typeof template === 'string' ? [template] : (template as readonly string[]));
  }

  /** The rendered body; reading it before render() is an error, as in Django. */
  override get content(): Buffer {
    if (!this.#rendered) {
      throw new ContentNotRenderedError('The response content must be rendered before it can be accessed: await response.render().');
    }
    return super.content;
  }

  override set content(value: Content) {
    super.content = value;
  }
}
