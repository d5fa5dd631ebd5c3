export { SchemaEditor } from './editor.js';
export type { SchemaEditorOptions, IndexSpec } from './editor.js';
export { createIndexName, foreignKeyName, indexNameForModel, namesDigest } from './names.js';
export { tableConstraints, tableExists } from './introspect.js';
export type { ConstraintInfo } from './introspect.js';
export { quoteValue } from './quote-value.js';
