import { CanterError, ImproperlyConfigured } from '../conf/errors.js';

/** Where in a template something went wrong. */
export interface TemplateLocation {
  /** The name the template was asked for ('books/list.html'), when known. */
  readonly templateName?: string | undefined;
  /** The file it was read from. */
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** One place a loader looked for a template, and why it did not use it. */
export interface TriedSource {
  readonly path: string;
  readonly reason: string;
}

/** Base of the template errors. */
export class TemplateError extends CanterError {
  override readonly code: string = 'E_TEMPLATE';
}

/** A TEMPLATES entry is wrong, or an engine NAME is unknown (Django's InvalidTemplateEngineError). */
export class InvalidTemplateEngineError extends ImproperlyConfigured {
  override readonly code: string = 'E_INVALID_TEMPLATE_ENGINE';
}

/**
 * No engine found the template. `tried` lists every file looked at, in order; `chain` holds the
 * per-engine (or per-name) errors this one sums up.
 */
export class TemplateDoesNotExist extends TemplateError {
  override readonly code: string = 'E_TEMPLATE_DOES_NOT_EXIST';
  readonly templateName: string;
  readonly tried: readonly TriedSource[];
  readonly chain: readonly TemplateDoesNotExist[];
  /** Set when an `{% include %}` or `{% extends %}` asked for it: the including template's place. */
  readonly includedFrom: TemplateLocation | undefined;

  constructor(
    templateName: string,
    details: { tried?: readonly TriedSource[]; chain?: readonly TemplateDoesNotExist[]; includedFrom?: TemplateLocation; message?: string } = {},
  ) {
    const tried = details.tried ?? details.chain?.flatMap((e) => e.tried) ?? [];
    super(details.message ?? describeMissing(templateName, tried, details.includedFrom));
    this.templateName = templateName;
    this.tried = tried;
    this.chain = details.chain ?? [];
    this.includedFrom = details.includedFrom;
  }
}

/** An error at a place in a template: its location, and the numbered lines around it when the engine gave them. */
abstract class LocatedTemplateError extends TemplateError {
  readonly location: TemplateLocation;
  /** The lines around the fault, numbered, as the engine reports them. */
  readonly excerpt: string | undefined;

  constructor(reason: string, location: TemplateLocation = {}, options?: ErrorOptions & { excerpt?: string }) {
    super(`${reason}${describeLocation(location)}`, options);
    this.location = location;
    this.excerpt = options?.excerpt;
  }
}

/** The template's text is not valid: an unknown tag, an unclosed block, a bad expression. */
export class TemplateSyntaxError extends LocatedTemplateError {
  override readonly code: string = 'E_TEMPLATE_SYNTAX';
}

/** The engine failed while rendering (an undefined variable in strict mode, a limit reached). */
export class TemplateRenderError extends LocatedTemplateError {
  override readonly code: string = 'E_TEMPLATE_RENDER';
}

/** ` (in template 'x.html', file /a/x.html, line 2, column 5)`, or '' when nothing is known. */
export function describeLocation(location: TemplateLocation): string {
  const parts: string[] = [];
  if (location.templateName !== undefined) parts.push(`template '${location.templateName}'`);
  if (location.file !== undefined && location.file !== location.templateName) parts.push(`file ${location.file}`);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  return parts.length === 0 ? '' : ` (in ${parts.join(', ')})`;
}

function describeMissing(name: string, tried: readonly TriedSource[], includedFrom: TemplateLocation | undefined): string {
  const where = includedFrom === undefined ? '' : `, asked for${describeLocation(includedFrom).replace(/^ \(in /, ' by ').replace(/\)$/, '')}`;
  if (tried.length === 0) {
    return `Template '${name}' does not exist${where}; no template directory was searched (set TEMPLATES[i].DIRS, or APP_DIRS with apps that have a path).`;
  }
  return `Template '${name}' does not exist${where}. Tried, in order:\n${tried.map((t) => `- ${t.path} (${t.reason})`).join('\n')}`;
}

/** A setting's value as an error message shows it: JSON, or the function's name. */
export function describeSettingValue(value: unknown): string {
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
