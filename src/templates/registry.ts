import { getSettings } from '../conf/settings/index.js';
import { engineConfigs } from './config.js';
import type { TemplateEngine } from './engine.js';
import { InvalidTemplateEngineError } from './errors.js';

interface Built {
  readonly templates: unknown;
  readonly apps: unknown;
  readonly debug: boolean;
  readonly engines: ReadonlyMap<string, TemplateEngine>;
}

/**
 * The engines of TEMPLATES, by NAME: Django's `engines`. Built on first use and kept until
 * TEMPLATES, INSTALLED_APPS or DEBUG change (overrideSettings, configureSettings), then built
 * afresh, so a test's templates never leak into the next.
 */
export class EngineHandler {
  #built: Built | undefined;

  /**
   * The engine of a NAME.
   * @throws InvalidTemplateEngineError when TEMPLATES has no engine of that name.
   * @example engines.get('liquid').fromString('Hello {{ name }}')
   */
  get(name: string): TemplateEngine {
    const engines = this.#engines();
    const engine = engines.get(name);
    if (engine === undefined) {
      const known = [...engines.keys()];
      throw new InvalidTemplateEngineError(
        `Could not find the template engine '${name}' in TEMPLATES; ${known.length === 0 ? 'TEMPLATES is empty' : `it has ${known.map((n) => `'${n}'`).join(', ')}`}.`,
      );
    }
    return engine;
  }

  /** Every engine, in TEMPLATES order. */
  all(): TemplateEngine[] {
    return [...this.#engines().values()];
  }

  #engines(): ReadonlyMap<string, TemplateEngine> {
    const settings = getSettings();
    const built = this.#built;
    if (built !== undefined && built.templates === settings.TEMPLATES && built.apps === settings.INSTALLED_APPS && built.debug === settings.DEBUG) {
      return built.engines;
    }
    const engines = new Map<string, TemplateEngine>();
    const problems: string[] = [];
    for (const { Engine, params } of engineConfigs(settings.TEMPLATES)) {
      try {
        engines.set(params.name, new Engine(params));
      } catch (error) {
        if (!(error instanceof InvalidTemplateEngineError)) throw error;
        problems.push(error.message);
      }
    }
    if (problems.length > 0) throw new InvalidTemplateEngineError(problems.join('\n'));
    this.#built = { templates: settings.TEMPLATES, apps: settings.INSTALLED_APPS, debug: settings.DEBUG, engines };
    return engines;
  }
}

/** The project's template engines. */
export const engines = new EngineHandler();
