import { fileURLToPath } from 'node:url';
import { LiquidEngine } from './backends/liquid.js';
import type { EngineParams, TemplateEngineClass } from './engine.js';
import { describeSettingValue, InvalidTemplateEngineError } from './errors.js';

/** Django's path for its own engine; Canter answers it with the Liquid engine. */
export const DJANGO_TEMPLATES = 'django.template.backends.django.DjangoTemplates';

/** BACKEND short names (and Django's path) with the NAME each gets by default. */
const BACKENDS: Readonly<Record<string, { engine: TemplateEngineClass; defaultName: string }>> = {
  liquid: { engine: LiquidEngine, defaultName: 'liquid' },
  [DJANGO_TEMPLATES]: { engine: LiquidEngine, defaultName: 'django' },
};

const KEYS = ['BACKEND', 'NAME', 'DIRS', 'APP_DIRS', 'OPTIONS'];

/** One TEMPLATES entry, checked: the class to build and what to build it with. */
export interface EngineConfig {
  readonly Engine: TemplateEngineClass;
  readonly params: EngineParams;
}

/**
 * Checks TEMPLATES and turns each entry into an EngineConfig. Every problem is reported at once,
 * each naming `TEMPLATES[i].KEY`, the value and what is valid.
 *
 * @throws InvalidTemplateEngineError
 */
export function engineConfigs(templates: unknown): EngineConfig[] {
  if (!Array.isArray(templates)) {
    throw new InvalidTemplateEngineError(`TEMPLATES is ${describeSettingValue(templates)}; it must be an array of engine settings: [{ BACKEND: 'liquid', DIRS: [...] }].`);
  }
  const problems: string[] = [];
  const configs: EngineConfig[] = [];
  const names = new Map<string, number>();
  templates.forEach((entry: unknown, i) => {
    const setting = `TEMPLATES[${i}]`;
    const at = (key: string, value: unknown, expected: string): void => {
      problems.push(`${setting}.${key} is ${describeSettingValue(value)}; it must be ${expected}.`);
    };
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${setting} is ${describeSettingValue(entry)}; it must be an object with a BACKEND: { BACKEND: 'liquid' }.`);
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!KEYS.includes(key)) problems.push(`${setting}.${key} is not a TEMPLATES key; the keys are ${KEYS.join(', ')}.`);
    }
    const backend = backendOf(e.BACKEND);
    if (backend === undefined) {
      at('BACKEND', e.BACKEND, `'liquid', '${DJANGO_TEMPLATES}' or a class implementing TemplateEngine`);
      return;
    }
    const name = e.NAME ?? backend.defaultName;
    if (typeof name !== 'string' || !/^\w[\w.-]*$/.test(name)) at('NAME', name, 'a name of letters, digits, _, - and .');
    else if (names.has(name)) {
      problems.push(`${setting}.NAME is '${name}', which TEMPLATES[${names.get(name)}] has already; engine names must be unique: set NAME.`);
    } else names.set(name, i);
    const dirs = e.DIRS ?? [];
    const paths = Array.isArray(dirs) ? dirs.map((d: unknown) => (d instanceof URL ? (d.protocol === 'file:' ? fileURLToPath(d) : undefined) : d)) : undefined;
    if (paths === undefined || !paths.every((d) => typeof d === 'string' && d !== '')) {
      at('DIRS', dirs, 'an array of directory paths (strings or file: URLs)');
    }
    const appDirs = e.APP_DIRS ?? false;
    if (typeof appDirs !== 'boolean') at('APP_DIRS', appDirs, 'true or false');
    const options = e.OPTIONS ?? {};
    if (typeof options !== 'object' || options === null || Array.isArray(options)) at('OPTIONS', options, 'an object of the engine\'s options');
    configs.push({
      Engine: backend.engine,
      params: {
        name: String(name),
        dirs: (paths ?? []) as string[],
        appDirs: appDirs === true,
        options: options as Record<string, unknown>,
        settingName: setting,
      },
    });
  });
  if (problems.length > 0) throw new InvalidTemplateEngineError(problems.join('\n'));
  return configs;
}

function backendOf(backend: unknown): { engine: TemplateEngineClass; defaultName: string } | undefined {
  if (typeof backend === 'string') return Object.hasOwn(BACKENDS, backend) ? BACKENDS[backend] : undefined;
  if (typeof backend === 'function' && typeof (backend.prototype as { getTemplate?: unknown } | undefined)?.getTemplate === 'function') {
    return { engine: backend as TemplateEngineClass, defaultName: backend.name };
  }
  return undefined;
}
