import * as createcachetable from './createcachetable.js';

/** The cache commands for the `canter` CLI. */
export const cacheCommands = [createcachetable] as const;
export { cacheTableSql, createCacheTable, createCacheTables } from './createcachetable.js';
export type { CreateCacheTableOptions, CreateCacheTableResult } from './createcachetable.js';
