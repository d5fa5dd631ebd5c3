import type { Template as LiquidNode } from 'liquidjs';
import { Liquid } from 'liquidjs';
import type { HttpRequest } from '../../http/request.js';
import { andThen, isThenable } from '../../utils/maybe-promise.js';
import type { ContextProcessor } from '../context-processors.js';
import { csrf } from '../context-processors.js';
import { ContextProcessorPlan } from '../context-values.js';
import { fromDjangoSyntax } from './django-syntax.js';
import { absoluteDir, appTemplateDirs, findTemplateFile } from '../directories.js';
import type { EngineParams, Template, TemplateEngine } from '../engine.js';
import { templateRendered } from '../signals.js';
import { AutoescapeTag } from '../tags/autoescape.js';
import { CacheTag } from '../tags/cache.js';
import { CsrfTokenTag } from '../tags/csrf-token.js';
import { ExtendsTag } from '../tags/extends.js';
import { LoadTag } from '../tags/load.js';
import { StaticTag } from '../tags/static.js';
import { UrlTag } from '../tags/url.js';
import { TemplateContext } from './liquid-context.js';
import { settle } from './liquid-driver.js';
import { translateLiquidError } from './liquid-errors.js';
import { autoescapeOutput, registerFilters } from './liquid-filters.js';
import type { LiquidEngineOptions } from './liquid-options.js';
import { liquidEngineOptions } from './liquid-options.js';
import type { RenderState } from './liquid-state.js';
import { RENDER_STATE } from './liquid-state.js';

const NO_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * The Liquid engine (BACKEND 'liquid', or Django's 'django.template.backends.django.DjangoTemplates'):
 * LiquidJS with autoescaping, Django's tags (`csrf_token`, `url`, `static`, `cache`, `load`,
 * `autoescape`, `extends` for Liquid's `layout`) and the context processors of OPTIONS.
 */
export class LiquidEngine implements TemplateEngine {
  readonly name: string;
  readonly templateDirs: readonly string[];
  readonly options: LiquidEngineOptions;
  /** The LiquidJS instance, for registering tags and filters by hand. */
  readonly liquid: Liquid;
  readonly #processors: readonly ContextProcessor[];
  #plan: ContextProcessorPlan | undefined;
  readonly #templates = new Map<string, Promise<LiquidTemplate>>();

  constructor(params: EngineParams) {
    this.name = params.name;
    this.options = liquidEngineOptions(params);
    this.templateDirs = [...params.dirs.map(absoluteDir), ...(params.appDirs ? appTemplateDirs() : [])];
    // Django always runs the csrf processor first, so `{% csrf_token %}` works without configuring it.
    this.#processors = [csrf, ...this.options.contextProcessors.filter((p) => p !== csrf)];
    this.liquid = new Liquid({
      dynamicPartials: true,
      // Django reads class attributes too (getters such as request.path); LiquidJS's default reads own properties only.
      ownPropertyOnly: false,
      ...this.options.liquid,
      root: [...this.templateDirs],
      extname: '',
      outputEscape: autoescapeOutput,
      cache: this.options.cache,
    });
    this.#install();
  }

  async getTemplate(name: string): Promise<Template> {
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`A template name must be a non-empty string, not ${JSON.stringify(name) ?? String(name)}.`);
    }
    if (!this.options.cache) return this.#load(name);
    let template = this.#templates.get(name);
    if (template === undefined) {
      template = this.#load(name);
      this.#templates.set(name, template);
      // A template that is missing or broken now may be fixed later: remember only successes.
      template.catch(() => this.#templates.delete(name));
    }
    return template;
  }

  fromString(source: string): Template {
    return new LiquidTemplate(this, undefined, undefined, this.#parse(source, undefined, undefined));
  }

  /**
   * Renders one of this engine's templates: context processors, template_rendered, then Liquid.
   * The render runs synchronously until something it meets is a Promise (an async context value,
   * `{% cache %}`'s cache calls), and awaits from there on (see liquid-driver.ts).
   */
  async render(template: LiquidTemplate, context: Readonly<Record<string, unknown>>, request: HttpRequest | undefined): Promise<string> {
    if (typeof context !== 'object' || context === null || Array.isArray(context)) {
      throw new TypeError(`A template's context must be an object of values, not ${Array.isArray(context) ? 'an array' : String(context)}.`);
    }
    let globals = request === undefined ? this.#bareGlobals() : this.#requestGlobals(request);
    if (isThenable(globals)) globals = await globals;
    if (templateRendered.hasListeners(template)) {
      // The view's values over the processors', getters left unread.
      const merged = Object.create(globals) as Record<string, unknown>;
      Object.defineProperties(merged, Object.getOwnPropertyDescriptors(context));
      await templateRendered.asend(template, { template, context: merged });
    }
    // With the template cache on, an {% include %} or {% extends %} file is read once, so it is
    // read synchronously (and the parsed template cached as a value, not a Promise).
    const ctx = new TemplateContext(context, this.liquid.options, { globals, sync: this.options.cache }, { liquid: this.liquid });
    try {
      let html = settle(this.liquid.renderer.renderTemplates(template.nodes, ctx));
      if (isThenable(html)) html = await html;
      return String(html);
    } catch (error) {
      throw translateLiquidError(error, this.#scene(template.name, template.origin));
    }
  }

  /** The context processors' values over LiquidJS's `globals` option (OPTIONS.liquid.globals), and the render's state. */
  #requestGlobals(request: HttpRequest): Record<PropertyKey, unknown> | Promise<Record<PropertyKey, unknown>> {
    const base = this.#base();
    if (this.#plan?.base !== base) this.#plan = new ContextProcessorPlan(this.#processors, base);
    const state: RenderState = { request, autoescape: this.options.autoescape, debug: this.options.debug };
    return andThen(this.#plan.run(request), withState, state);
  }

  #bareGlobals(): Record<PropertyKey, unknown> {
    const state: RenderState = { request: undefined, autoescape: this.options.autoescape, debug: this.options.debug };
    return withState(Object.create(this.#base()) as Record<PropertyKey, unknown>, state);
  }

  #base(): object | null {
    return (this.liquid.options.globals as object | undefined) ?? null;
  }

  async #load(name: string): Promise<LiquidTemplate> {
    const found = await findTemplateFile(name, this.templateDirs);
    return new LiquidTemplate(this, name, found.path, this.#parse(found.source, found.path, name));
  }

  #parse(source: string, file: string | undefined, name: string | undefined): LiquidNode[] {
    try {
      return this.liquid.parse(fromDjangoSyntax(source), file);
    } catch (error) {
      throw translateLiquidError(error, this.#scene(name, file));
    }
  }

  #scene(templateName: string | undefined, origin: string | undefined): Parameters<typeof translateLiquidError>[1] {
    return { templateName, origin, dirs: this.templateDirs, debug: this.options.debug };
  }

  #install(): void {
    const liquid = this.liquid;
    registerFilters(liquid);
    liquid.registerTag('csrf_token', CsrfTokenTag);
    liquid.registerTag('url', UrlTag);
    liquid.registerTag('static', StaticTag);
    liquid.registerTag('cache', CacheTag);
    liquid.registerTag('load', LoadTag);
    liquid.registerTag('autoescape', AutoescapeTag);
    liquid.registerTag('extends', ExtendsTag);
    liquid.registerTag('layout', ExtendsTag);
    for (const library of this.options.libraries) {
      if (typeof library === 'function') {
        library(liquid);
        continue;
      }
      for (const [name, filter] of Object.entries(library.filters ?? {})) liquid.registerFilter(name, filter);
      for (const [name, tag] of Object.entries(library.tags ?? {})) liquid.registerTag(name, tag);
    }
  }
}

function withState<T extends Record<PropertyKey, unknown>>(globals: T, state: RenderState): T {
  Object.defineProperty(globals, RENDER_STATE, { value: state });
  return globals;
}

/** A parsed Liquid template, bound to its engine. */
export class LiquidTemplate implements Template {
  constructor(
    readonly engine: LiquidEngine,
    readonly name: string | undefined,
    readonly origin: string | undefined,
    /** LiquidJS's parsed nodes. */
    readonly nodes: LiquidNode[],
  ) {}

  /**
   * Renders with the view's values; given the request, the context processors add theirs (and
   * `csrf_token`). Django's Template.render(context, request).
   *
   * @example await template.render({ books }, request)
   */
  render(context: Readonly<Record<string, unknown>> = NO_CONTEXT, request?: HttpRequest): Promise<string> {
    return this.engine.render(this, context, request);
  }
}

