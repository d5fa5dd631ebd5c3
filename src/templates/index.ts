/**
 * canter/templates: Django's TEMPLATES on LiquidJS. Importing it makes TemplateResponse load its
 * templates through TEMPLATES (importing canter/shortcuts does too).
 */
import { installTemplateLoader } from './loader.js';

installTemplateLoader();

export type { EngineParams, Template, TemplateEngine, TemplateEngineClass } from './engine.js';
export { LiquidEngine, LiquidTemplate } from './backends/liquid.js';
export type { LiquidEngineOptions, TagDefinition, TemplateLibrary } from './backends/liquid-options.js';
export { TemplateContext } from './backends/liquid-context.js';
export { DJANGO_TEMPLATES, engineConfigs } from './config.js';
export type { EngineConfig } from './config.js';
export { EngineHandler, engines } from './registry.js';
export { getTemplate, installTemplateLoader, renderToString, selectTemplate } from './loader.js';
export type { UsingOptions } from './loader.js';
export { checkTemplates } from './checks.js';
export { templateRendered } from './signals.js';
export {
  ANONYMOUS_USER,
  CONTEXT_PROCESSORS,
  contextProcessors,
  DEFAULT_MESSAGE_LEVELS,
  PermLookup,
  PermWrapper,
  runContextProcessors,
} from './context-processors.js';
export type { ContextProcessor } from './context-processors.js';
export { conditionalEscape, escape, escapeHtml, isSafe, markSafe, SafeString, unescapeHtml } from './safe.js';
export { staticUrl } from './tags/static.js';
export { appTemplateDir, appTemplateDirs, safeJoin } from './directories.js';
export {
  describeLocation,
  InvalidTemplateEngineError,
  TemplateDoesNotExist,
  TemplateError,
  TemplateRenderError,
  TemplateSyntaxError,
} from './errors.js';
export type { TemplateLocation, TriedSource } from './errors.js';
