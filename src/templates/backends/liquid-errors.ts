import { relative, sep } from 'node:path';
import type { LiquidError } from 'liquidjs';
import { LiquidError as LiquidErrorClass } from 'liquidjs';
import type { TemplateLocation } from '../errors.js';
import { describeLocation, TemplateDoesNotExist, TemplateError, TemplateRenderError, TemplateSyntaxError } from '../errors.js';
import { safeJoin } from '../directories.js';

/** What the engine knows when an error surfaces. */
export interface ErrorScene {
  /** The template being parsed or rendered, and its file. */
  readonly templateName: string | undefined;
  readonly origin: string | undefined;
  /** The engine's directories: to name included files and list where a missing one was sought. */
  readonly dirs: readonly string[];
  /** OPTIONS.debug: add the lines around the fault to the message. */
  readonly debug: boolean;
}

const LOCATION_SUFFIX = /,(?: file:.*?,)? line:\d+, col:\d+$/s;
const UNKNOWN_TAG = /^tag "(.*)" not found$/s;
const LOOKUP_FAILED = /^ENOENT: Failed to lookup "(.*)" in "/s;

/**
 * Turns LiquidJS's errors into Canter's, each naming the template, file, line and column:
 * parse errors become TemplateSyntaxError, a missing include or layout TemplateDoesNotExist,
 * other engine failures TemplateRenderError. An error thrown by the project's own code during a
 * render (a view's callable, reverse() in `{% url %}`, Http404) keeps its class, so handlers
 * still recognise it, and gets the location added to its message and as `templateLocation`.
 */
export function translateLiquidError(error: unknown, scene: ErrorScene): unknown {
  if (!LiquidErrorClass.is(error)) return error;
  const location = locationOf(error, scene);
  const excerpt = error.context || undefined;
  const details = scene.debug && excerpt !== undefined ? `\n${excerpt}` : '';
  const original = error.originalError;
  if (original instanceof TemplateDoesNotExist) return original;
  if (original instanceof TemplateSyntaxError && original.location.line === undefined) {
    return new TemplateSyntaxError(original.message + details, location, { cause: original, excerpt });
  }
  if (original instanceof TemplateError) return original;
  if (error.name === 'ParseError' || error.name === 'TokenizationError') {
    const reason = reasonOf(error);
    const tag = UNKNOWN_TAG.exec(reason);
    const message =
      tag === null
        ? reason
        : `Invalid tag '${tag[1]}': no such tag is registered (Canter's are listed in docs/templates.md; add your own with OPTIONS.builtins)`;
    return new TemplateSyntaxError(message + details, location, { cause: error, excerpt });
  }
  if (error.name === 'RenderError' && original !== undefined) {
    const missing = (original as { code?: unknown }).code === 'ENOENT' ? LOOKUP_FAILED.exec(original.message) : null;
    if (missing !== null) {
      const name = missing[1]!;
      const tried = scene.dirs.flatMap((dir) => {
        const path = safeJoin(dir, name);
        return path === undefined ? [] : [{ path, reason: 'Source does not exist' }];
      });
      return new TemplateDoesNotExist(name, { tried, includedFrom: location });
    }
  }
  if (original !== undefined && isProjectError(original)) {
    const where = describeLocation(location);
    if (!original.message.endsWith(where)) original.message += where;
    Object.defineProperty(original, 'templateLocation', { value: location, configurable: true });
    return original;
  }
  return new TemplateRenderError(reasonOf(error) + details, location, { cause: error, excerpt });
}

/** An error thrown by code outside LiquidJS (a view's callable, a filter, reverse()), not by the engine itself. */
function isProjectError(error: Error): boolean {
  return !LiquidErrorClass.is(error) && !LIQUID_INTERNAL.has(error.name);
}

// LiquidJS's own failures (an undefined variable in strict mode, a failed assertion, a limit).
const LIQUID_INTERNAL = new Set(['InternalUndefinedVariableError', 'AssertionError']);

function reasonOf(error: LiquidError): string {
  return (error.originalError?.message ?? error.message).replace(LOCATION_SUFFIX, '');
}

function locationOf(error: LiquidError, scene: ErrorScene): TemplateLocation {
  const token = error.token as { file?: string; getPosition?: () => number[] } | undefined;
  const file = token?.file ?? scene.origin;
  const [line, column] = token?.getPosition?.() ?? [];
  return { templateName: nameOf(file, scene), file, line, column };
}

/** The template name of a file: the scene's own, or its path under one of the engine's directories. */
function nameOf(file: string | undefined, scene: ErrorScene): string | undefined {
  if (file === undefined || file === scene.origin) return scene.templateName;
  for (const dir of scene.dirs) {
    const rel = relative(dir, file);
    if (!rel.startsWith('..') && !rel.startsWith(sep)) return rel.split(sep).join('/');
  }
  return undefined;
}
