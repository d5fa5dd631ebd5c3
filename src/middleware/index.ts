export { CacheMiddleware, FetchFromCacheMiddleware, PageCache, UpdateCacheMiddleware } from './cache.js';
export type { CacheMiddlewareOptions } from './cache.js';
export { ConditionalGetMiddleware } from './conditional-get.js';
export { SecurityMiddleware } from './security.js';
export { AppendSlashDataLoss, CommonMiddleware, escapeLeadingSlashes, type RedirectClass } from './common.js';
export { XFrameOptionsMiddleware } from './clickjacking.js';
export { GZipMiddleware, acceptsGzip, compressSequence, compressString, compressStringAsync, type CompressOptions } from './gzip.js';
// The middleware contract every subsystem's middleware implements (also re-exported by canter/core).
export { MiddlewareMixin, checkResponse } from './mixin.js';
export type {
  GetResponse,
  MiddlewareClass,
  MiddlewareEntry,
  MiddlewareFactory,
  MiddlewareFunction,
  MiddlewareHooks,
  MiddlewareInstance,
  MixinHooks,
  NoAnswer,
} from './mixin.js';
