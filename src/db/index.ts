/*
 * canter/db: models, fields, QuerySets, transactions, connections and the model signals.
 *
 *   import { defineModel, fields, Q, F, Sum, atomic } from 'canter/db';
 */
export { defineModel, registerModel } from './models/define.js';
export type { ModelInstance } from './models/define.js';
export { Model } from './models/model.js';
export type { ModelClass, ModelState, ModelStatic } from './models/model.js';
export { Options } from './models/options.js';
export type { MetaOptions, RelatedObject } from './models/options.js';
export { Apps, apps } from './models/registry.js';

export * from './fields/index.js';

export * from './query/index.js';

export * from './errors.js';
export * from './signals.js';

export { atomic, getAutocommit, getRollback, onCommit, setRollback } from './transaction.js';
export type { AtomicOptions } from './transaction.js';
export { connections, ConnectionHandler, Connection, parseDatabaseUrl, parseDatabases } from './connections/index.js';
export type { ResolvedDatabase } from './connections/index.js';
export type { ColumnSpec, DatabaseSettings, DatabaseWrapper, Features, RawResult, Vendor } from './types.js';

export { migrations, MigrationExecutor, MigrationLoader, MigrationRecorder, ProjectState, detectChanges } from './migrations/index.js';
export type { MigrationDefinition, MigrationKey, Operation, RunCodeContext, Target } from './migrations/index.js';
