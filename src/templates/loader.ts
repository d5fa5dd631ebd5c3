import type { HttpRequest } from '../http/request.js';
import { setTemplateLoader } from '../http/template-response.js';
import type { Template, TemplateEngine } from './engine.js';
import { TemplateDoesNotExist } from './errors.js';
import { engines } from './registry.js';

/** Which engine to use: by NAME; all of them, in TEMPLATES order, by default. */
export interface UsingOptions {
  readonly using?: string;
}

/**
 * The template of a name, from the first engine that has it (Django's get_template). A list of
 * names is selectTemplate().
 *
 * @throws TemplateDoesNotExist listing every file each engine tried.
 * @example const template = await getTemplate('books/list.html');
 */
export async function getTemplate(name: string | readonly string[], options: UsingOptions = {}): Promise<Template> {
  if (typeof name !== 'string') return selectTemplate(name, options);
  const chain: TemplateDoesNotExist[] = [];
  for (const engine of enginesFor(options.using)) {
    try {
      return await engine.getTemplate(name);
    } catch (error) {
      if (!(error instanceof TemplateDoesNotExist) || error.includedFrom !== undefined) throw error;
      chain.push(error);
    }
  }
  throw notFound(name, chain);
}

/**
 * The first of several names that exists (Django's select_template): the most specific first.
 *
 * @example await selectTemplate([`books/${book.kind}.html`, 'books/default.html'])
 */
export async function selectTemplate(names: readonly string[], options: UsingOptions = {}): Promise<Template> {
  if (typeof names === 'string') {
    throw new TypeError(`selectTemplate() takes a list of template names, not the string '${names as string}': use getTemplate() for one name.`);
  }
  if (names.length === 0) throw new TemplateDoesNotExist('', { message: 'No template names provided.' });
  const chain: TemplateDoesNotExist[] = [];
  for (const name of names) {
    for (const engine of enginesFor(options.using)) {
      try {
        return await engine.getTemplate(name);
      } catch (error) {
        if (!(error instanceof TemplateDoesNotExist) || error.includedFrom !== undefined) throw error;
        chain.push(error);
      }
    }
  }
  throw notFound(names.join(', '), chain);
}

/**
 * Loads a template (or the first of several) and renders it: Django's render_to_string. With the
 * request, the context processors run and `csrf_token` is available.
 *
 * @example const html = await renderToString('emails/welcome.html', { user }, request);
 */
export async function renderToString(
  name: string | readonly string[],
  context: Readonly<Record<string, unknown>> = {},
  request?: HttpRequest,
  options: UsingOptions = {},
): Promise<string> {
  const template = await getTemplate(name, options);
  return template.render(context, request);
}

/** Makes TemplateResponse load its templates through TEMPLATES. */
export function installTemplateLoader(): void {
  setTemplateLoader((names) => selectTemplate(names));
}

function enginesFor(using: string | undefined): TemplateEngine[] {
  return using === undefined ? engines.all() : [engines.get(using)];
}

function notFound(name: string, chain: TemplateDoesNotExist[]): TemplateDoesNotExist {
  if (engines.all().length === 0) {
    return new TemplateDoesNotExist(name, {
      message: `Template '${name}' cannot be loaded: TEMPLATES is empty. Add an engine: TEMPLATES: [{ BACKEND: 'liquid', DIRS: ['templates'] }].`,
    });
  }
  return new TemplateDoesNotExist(name, { chain });
}
