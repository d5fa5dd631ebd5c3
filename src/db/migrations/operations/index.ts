export { CreateModel, DeleteModel, AlterModelTable, AlterModelOptions, AlterUniqueTogether, AddIndex, RemoveIndex } from './models.js';
export { AddField, RemoveField, AlterField, RenameField } from './fields.js';
export { RunSQL, RunCode, noop } from './special.js';
export type { RunCodeContext } from './special.js';
export type { Operation, SchemaEditorLike } from './base.js';
