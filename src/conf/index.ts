/**
 * The ground floor (Django's django.conf with django.core.exceptions, django.apps and
 * django.core.checks): settings, the typed errors every subsystem raises, logging, the installed
 * apps and the system-check registry. Every subsystem may import it; it imports none of them at
 * run time. Its public API is re-exported by `canter/core`.
 */
export * from './errors.js';
export * from './settings/index.js';
export { getLogger, configureLogging, Logger } from './log.js';
export type { LogLevel, LogRecord, LogSink } from './log.js';
export { defineApp, installedApps, loadInstalledModels } from './apps.js';
export type { AppConfig, AppConfigInput } from './apps.js';
export { registerCheck, runChecks } from './checks.js';
export type { Check } from './checks.js';
