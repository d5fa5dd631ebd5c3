// The ground floor (settings, errors, logging, apps, checks) lives in src/conf; canter/core re-exports it.
export * from '../conf/index.js';
export { Handler, callView } from './handler.js';
export { MiddlewareMixin, checkResponse } from '../middleware/mixin.js';
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
} from '../middleware/mixin.js';
// Hook signatures are written in it, so middleware authors find it here too.
export type { MaybePromise } from '../utils/maybe-promise.js';
export { requestStarted, requestFinished, gotRequestException } from './signals.js';
export { responseForException } from './exception-response.js';
export { serve, requestListener, writeResponse, runWorkers, exitOnSignal } from './server/index.js';
export type { ServeOptions, RunningServer } from './server/index.js';
