import type { ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import type { Expression } from './expressions.js';

/** What compiling an expression or a condition needs: the model, its table and the connection. */
export interface CompileContext {
  readonly model: ModelClass;
  readonly table: string;
  readonly connection: DatabaseWrapper;
  readonly annotations: ReadonlyMap<string, Expression>;
  /** In ORDER BY and HAVING an annotation is referred to by its alias, not recompiled. */
  readonly annotationsByAlias?: boolean;
}
