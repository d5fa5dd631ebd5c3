export { CacheMiddleware, FetchFromCacheMiddleware, PageCache, UpdateCacheMiddleware } from './cache.js';
export type { CacheMiddlewareOptions } from './cache.js';
export { ConditionalGetMiddleware } from './conditional-get.js';
