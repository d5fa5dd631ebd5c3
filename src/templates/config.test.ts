import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineApp } from '../conf/apps.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { LiquidEngine } from './backends/liquid.js';
import { checkTemplates } from './checks.js';
import type { EngineParams, Template, TemplateEngine } from './engine.js';
import { InvalidTemplateEngineError, TemplateDoesNotExist } from './errors.js';
import type { TempTree } from './files.test-helper.js';
import { tempTree } from './files.test-helper.js';
import { engines } from './registry.js';

let tree: TempTree;

beforeAll(async () => {
  tree = await tempTree({ 'project/page.html': 'project', 'shop/templates/page.html': 'shop', 'shop/templates/only-shop.html': 'shop only' });
  configureSettings(defineSettings({ SECRET_KEY: 'templates-config' }));
});

afterAll(() => tree.remove());

function problemsOf(TEMPLATES: unknown[]): string {
  try {
    overrideSettings({ TEMPLATES: TEMPLATES as Array<Record<string, unknown>> }, () => checkTemplates());
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTemplateEngineError);
    expect((error as InvalidTemplateEngineError).code).toBe('E_INVALID_TEMPLATE_ENGINE');
    return (error as Error).message;
  }
  throw new Error('checkTemplates() accepted the settings');
}

describe('TEMPLATES validation', () => {
  it('an unknown BACKEND is named with its index, its value and the valid ones', () => {
    const message = problemsOf([{ BACKEND: 'liquid' }, { BACKEND: 'jinja2' }]);
    expect(message).toContain('TEMPLATES[1].BACKEND is "jinja2"');
    expect(message).toContain("'liquid'");
    expect(message).toContain('django.template.backends.django.DjangoTemplates');
  });

  it('reports every problem at once: DIRS, APP_DIRS, an unknown key, OPTIONS of the wrong type', () => {
    const message = problemsOf([{ BACKEND: 'liquid', DIRS: 'templates', APP_DIRS: 'yes', LOADERS: [], OPTIONS: [] }]);
    expect(message).toContain('TEMPLATES[0].DIRS is "templates"; it must be an array of directory paths');
    expect(message).toContain('TEMPLATES[0].APP_DIRS is "yes"; it must be true or false');
    expect(message).toContain('TEMPLATES[0].LOADERS is not a TEMPLATES key; the keys are BACKEND, NAME, DIRS, APP_DIRS, OPTIONS');
    expect(message).toContain('TEMPLATES[0].OPTIONS is []');
  });

  it('checks the Liquid OPTIONS, naming TEMPLATES[i].OPTIONS.key', () => {
    const message = problemsOf([
      { BACKEND: 'liquid', OPTIONS: { autoescape: 'on', debug: 1, context_processors: ['request', 'nope', 42], string_if_invalid: 'x', liquid: { root: ['/'] } } },
    ]);
    expect(message).toContain('TEMPLATES[0].OPTIONS.autoescape is "on"; it must be true or false');
    expect(message).toContain('TEMPLATES[0].OPTIONS.debug is 1; it must be true or false');
    expect(message).toContain('TEMPLATES[0].OPTIONS.context_processors[1] is "nope"');
    expect(message).toContain("'django.template.context_processors.request'");
    expect(message).toContain('TEMPLATES[0].OPTIONS.context_processors[2] is 42');
    expect(message).toContain('TEMPLATES[0].OPTIONS.string_if_invalid is not an option of the Liquid engine');
    expect(message).toContain('TEMPLATES[0].OPTIONS.liquid.root is set by Canter');
  });

  it('engine names must be unique; Django\'s backend path is named "django" by default', () => {
    const message = problemsOf([{ BACKEND: 'liquid' }, { BACKEND: 'liquid', DIRS: [] }]);
    expect(message).toContain("TEMPLATES[1].NAME is 'liquid', which TEMPLATES[0] has already");
    overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid' }, { BACKEND: 'django.template.backends.django.DjangoTemplates' }] }, () => {
      expect(engines.all().map((e) => e.name)).toEqual(['liquid', 'django']);
      expect(engines.get('django')).toBeInstanceOf(LiquidEngine);
    });
  });

  it('a TEMPLATES that is not an array, or an entry that is not an object, is refused', () => {
    expect(problemsOf([null])).toContain('TEMPLATES[0] is null');
  });

  it('engines.get() of an unknown name lists the configured ones', () => {
    overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', NAME: 'main' }] }, () => {
      expect(() => engines.get('other')).toThrow("Could not find the template engine 'other' in TEMPLATES; it has 'main'.");
    });
  });
});

describe('DIRS and APP_DIRS', () => {
  const shop = () => defineApp({ label: 'shop', path: `${tree.dir}/shop` });
  const migrationsOnly = () => defineApp({ label: 'shop', migrations: `${tree.dir}/shop/migrations/` });

  it('DIRS come first, then the apps\' templates/ directories, in INSTALLED_APPS order', async () => {
    await overrideSettings({ INSTALLED_APPS: [shop()], TEMPLATES: [{ BACKEND: 'liquid', DIRS: [`${tree.dir}/project`], APP_DIRS: true }] }, async () => {
      const engine = engines.get('liquid');
      expect(engine.templateDirs).toEqual([`${tree.dir}/project`, `${tree.dir}/shop/templates`]);
      expect(await (await engine.getTemplate('page.html')).render()).toBe('project');
      expect(await (await engine.getTemplate('only-shop.html')).render()).toBe('shop only');
    });
  });

  it("an app without a path has its templates/ beside its migrations/", async () => {
    await overrideSettings({ INSTALLED_APPS: [migrationsOnly()], TEMPLATES: [{ BACKEND: 'liquid', APP_DIRS: true }] }, async () => {
      expect(engines.get('liquid').templateDirs).toEqual([`${tree.dir}/shop/templates`]);
    });
  });

  it('without APP_DIRS the apps are not searched, and the miss lists what was tried', async () => {
    await overrideSettings({ INSTALLED_APPS: [shop()], TEMPLATES: [{ BACKEND: 'liquid', DIRS: [new URL(`file://${tree.dir}/project/`)] }] }, async () => {
      const error = await engines.get('liquid').getTemplate('only-shop.html').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TemplateDoesNotExist);
      expect((error as TemplateDoesNotExist).tried).toEqual([{ path: `${tree.dir}/project/only-shop.html`, reason: 'Source does not exist' }]);
    });
  });

  it('the registry is rebuilt when TEMPLATES changes', () => {
    overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', NAME: 'a' }] }, () => expect(engines.all().map((e) => e.name)).toEqual(['a']));
    overrideSettings({ TEMPLATES: [{ BACKEND: 'liquid', NAME: 'b' }] }, () => expect(engines.all().map((e) => e.name)).toEqual(['b']));
  });
});

describe('a BACKEND class', () => {
  class EchoEngine implements TemplateEngine {
    readonly name: string;
    readonly templateDirs: readonly string[] = [];
    readonly seen: EngineParams;
    constructor(params: EngineParams) {
      this.name = params.name;
      this.seen = params;
    }
    async getTemplate(name: string): Promise<Template> {
      return this.fromString(name);
    }
    fromString(source: string): Template {
      return { name: source, origin: undefined, engine: this, render: async (context = {}) => `${source}:${JSON.stringify(context)}` };
    }
  }

  it('is built with the entry\'s NAME, DIRS, APP_DIRS and OPTIONS, and used by the loaders', async () => {
    await overrideSettings({ TEMPLATES: [{ BACKEND: EchoEngine, DIRS: ['/x'], OPTIONS: { any: 1 } }] }, async () => {
      const engine = engines.get('EchoEngine') as EchoEngine;
      expect(engine.seen).toEqual({ name: 'EchoEngine', dirs: ['/x'], appDirs: false, options: { any: 1 }, settingName: 'TEMPLATES[0]' });
      const { renderToString } = await import('./loader.js');
      expect(await renderToString('t', { a: 1 })).toBe('t:{"a":1}');
    });
  });

  it('a class that is not an engine is refused', () => {
    expect(problemsOf([{ BACKEND: class NotAnEngine {} }])).toContain('TEMPLATES[0].BACKEND is the function NotAnEngine');
  });
});
