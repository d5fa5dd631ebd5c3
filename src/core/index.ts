export * from './errors.js';
export * from './settings/index.js';
export { Handler, callView } from './handler.js';
export { MiddlewareMixin, checkResponse } from './middleware.js';
export type {
  GetResponse,
  MiddlewareClass,
  MiddlewareEntry,
  MiddlewareFactory,
  MiddlewareFunction,
  MiddlewareHooks,
  MiddlewareInstance,
  NoAnswer,
  MixinHooks,
} from './middleware.js';
// Hook signatures are written in it, so middleware authors find it here too.
export type { MaybePromise } from '../utils/maybe-promise.js';
export { requestStarted, requestFinished, gotRequestException } from './signals.js';
export { getLogger, configureLogging, Logger } from './log.js';
export type { LogLevel, LogRecord, LogSink } from './log.js';
export { responseForException } from './exception-response.js';
export { serve, requestListener, writeResponse, runWorkers, exitOnSignal } from './server/index.js';
export type { ServeOptions, RunningServer } from './server/index.js';
export { defineApp, installedApps, loadInstalledModels } from './apps.js';
export type { AppConfig, AppConfigInput } from './apps.js';
export { registerCheck, runChecks } from './checks.js';
export type { Check } from './checks.js';
