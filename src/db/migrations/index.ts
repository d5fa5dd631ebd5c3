/**
 * The migrations framework. Migration modules import the `migrations` namespace:
 *
 * @example
 * import { fields, migrations } from 'canter/db';
 * export default migrations.migration({
 *   initial: true,
 *   dependencies: [],
 *   operations: [new migrations.CreateModel({ name: 'Book', fields: { id: fields.AutoField({ primaryKey: true }) } })],
 * });
 */
import { migration } from './migration.js';
import {
  AddField,
  AddIndex,
  AlterField,
  AlterModelOptions,
  AlterModelTable,
  AlterUniqueTogether,
  CreateModel,
  DeleteModel,
  noop,
  RemoveField,
  RemoveIndex,
  RenameField,
  RunCode,
  RunSQL,
} from './operations/index.js';

export const migrations = {
  migration,
  CreateModel,
  DeleteModel,
  AlterModelTable,
  AlterModelOptions,
  AlterUniqueTogether,
  AddIndex,
  RemoveIndex,
  AddField,
  RemoveField,
  AlterField,
  RenameField,
  RunSQL,
  RunCode,
  noop,
} as const;

export { Migration, migration } from './migration.js';
export type { MigrationDefinition } from './migration.js';
export { MigrationGraph } from './graph.js';
export type { MigrationKey } from './graph.js';
export { MigrationLoader, migrationFiles } from './loader.js';
export { MigrationExecutor } from './executor.js';
export type { MigrateOptions, PlanStep, Target } from './executor.js';
export { MigrationRecorder } from './recorder.js';
export { ModelState, ProjectState } from './state.js';
export { detectChanges, sameDefinition } from './autodetector.js';
export type { Questioner } from './autodetector.js';
export { writeMigration, migrationName } from './writer.js';
export * from './errors.js';
export type { Operation, SchemaEditorLike, RunCodeContext } from './operations/index.js';
