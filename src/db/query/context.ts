import type { ModelClass } from '../models/model.js';
import type { DatabaseWrapper } from '../types.js';
import type { Expression } from './expressions.js';
import type { JoinPlan } from './joins.js';

/** What compiling an expression or a condition needs: the model, its table and the connection. */
export interface CompileContext {
  readonly model: ModelClass;
  readonly table: string;
  readonly connection: DatabaseWrapper;
  readonly annotations: ReadonlyMap<string, Expression>;
  /** In ORDER BY and HAVING an annotation is referred to by its alias, not recompiled. */
  readonly annotationsByAlias?: boolean;
  /** aggregate() over a subquery: these annotations are already columns of the FROM, so Avg('n') reads one. */
  readonly annotationColumns?: ReadonlySet<string>;
  /** The joined columns of 'author__name'-style names in values() and orderBy(). */
  readonly joins?: JoinPlan;
  /** The joins of the WHERE condition being compiled (reverse relations in filter()). */
  readonly whereJoins?: JoinPlan;
}
