// The shared suites (they import vitest): a subpath of their own, so `canter/testing` does not need it.
export { describeCacheContract, type CacheContractFeature, type CacheContractOptions } from './cache.js';
export { describeSessionContract, type HostileKeyCase, type SessionContractFeature, type SessionContractOptions, type SessionStorageProbe } from './sessions.js';
