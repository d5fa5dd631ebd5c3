export { connections, ConnectionHandler } from './registry.js';
export { Connection } from './wrapper.js';
export { parseDatabases, parseDatabaseUrl, resolveDatabase } from './config.js';
export type { ResolvedDatabase } from './config.js';
export { BACKENDS } from './backends/index.js';
export type { Backend, DialectHooks, SchemaSql } from './backends/index.js';
