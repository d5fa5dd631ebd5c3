import type { HttpRequest } from '../http/request.js';
import type { RenderableTemplate } from '../http/template-response.js';

/**
 * The template engine contract (Django's BaseEngine): what a TEMPLATES BACKEND must provide.
 * Canter ships the Liquid engine; a project may put its own class in BACKEND.
 */

/** A loaded template. render() runs the context processors (when given a request) and renders. */
export interface Template extends RenderableTemplate {
  /** The name it was asked for ('books/list.html'); undefined for fromString() templates. */
  readonly name: string | undefined;
  /** The file it was read from. */
  readonly origin: string | undefined;
  readonly engine: TemplateEngine;
  render(context?: Readonly<Record<string, unknown>>, request?: HttpRequest): Promise<string>;
}

/** One TEMPLATES entry, checked and normalised; what an engine class is built from. */
export interface EngineParams {
  /** The engine's alias (NAME), unique among TEMPLATES. */
  readonly name: string;
  /** DIRS, absolute, in search order. */
  readonly dirs: readonly string[];
  /** APP_DIRS: also search each installed app's `templates/` directory, after DIRS. */
  readonly appDirs: boolean;
  /** OPTIONS, as given; each engine checks its own. */
  readonly options: Readonly<Record<string, unknown>>;
  /** How error messages name this entry: `TEMPLATES[0]`. */
  readonly settingName: string;
}

export interface TemplateEngine {
  readonly name: string;
  /** Every directory searched, in order: DIRS, then the apps' template directories. */
  readonly templateDirs: readonly string[];
  /**
   * The template of a name.
   * @throws TemplateDoesNotExist listing every file tried; TemplateSyntaxError for a broken one.
   */
  getTemplate(name: string): Promise<Template>;
  /** A template from source text (Django's from_string). */
  fromString(source: string): Template;
}

/** A class that may stand in BACKEND. */
export type TemplateEngineClass = new (params: EngineParams) => TemplateEngine;
