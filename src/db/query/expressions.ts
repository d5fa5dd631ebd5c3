import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import type { ModelClass } from '../models/model.js';
import type { CompileContext } from './context.js';
import { relationChoices, resolvePath } from './joins.js';

type Operand = Expression | number | string | bigint | boolean | Date | null;
type Operator = '+' | '-' | '*' | '/' | '%';

/**
 * Something computed by the database: a column (F), a constant, arithmetic, an aggregate.
 * Arithmetic builds new expressions: `F('price').add(1)`, `F('price').mul(F('quantity'))`.
 */
export abstract class Expression {
  /** Aggregates (and expressions built on them) go to GROUP BY/HAVING, not WHERE. */
  get containsAggregate(): boolean {
    return false;
  }

  /** Checks the names it refers to against the model; throws FieldDoesNotExist. */
  abstract check(model: ModelClass, annotations: ReadonlySet<string>): void;

  abstract compile(context: CompileContext): RawBuilder<unknown>;

  /** The relation paths ('author__name', 'book__pk') the query must LEFT JOIN to compute it. */
  relationPaths(_model: ModelClass, _annotations: ReadonlySet<string>): string[] {
    return [];
  }

  add(other: Operand): Expression {
    return new Combined(this, '+', other);
  }

  sub(other: Operand): Expression {
    return new Combined(this, '-', other);
  }

  mul(other: Operand): Expression {
    return new Combined(this, '*', other);
  }

  div(other: Operand): Expression {
    return new Combined(this, '/', other);
  }

  mod(other: Operand): Expression {
    return new Combined(this, '%', other);
  }

  /** Same as add(). */
  plus(other: Operand): Expression {
    return this.add(other);
  }

  /** Same as sub(). */
  minus(other: Operand): Expression {
    return this.sub(other);
  }
}

/** A reference to a field (or an annotation) of the model being queried: Django's F(). */
export class FieldRef extends Expression {
  constructor(readonly name: string) {
    super();
  }

  check(model: ModelClass, annotations: ReadonlySet<string>): void {
    if (annotations.has(this.name)) return;
    const field = model.meta.findField(this.name);
    if (field !== undefined && !field.manyToMany) return;
    const path = this.#path(model, annotations);
    // resolvePath throws FieldDoesNotExist naming the part (and model) it could not resolve.
    if (path !== undefined && resolvePath(model, path) !== undefined) return;
    const choices = [...relationChoices(model), ...annotations].join(', ');
    throw new FieldDoesNotExist(`Cannot resolve keyword '${this.name}' into a field of ${model.meta.objectName}. Choices are: ${choices}.`);
  }

  override relationPaths(model: ModelClass, annotations: ReadonlySet<string>): string[] {
    const path = this.#path(model, annotations);
    return path === undefined ? [] : [path];
  }

  /** 'author__name' as is; a bare reverse or many-to-many name ('book', 'tags') means its key. */
  #path(model: ModelClass, annotations: ReadonlySet<string>): string | undefined {
    if (annotations.has(this.name)) return undefined;
    if (this.name.includes('__')) return this.name;
    const field = model.meta.findField(this.name);
    if (field !== undefined && !field.manyToMany) return undefined;
    const reverse = model.meta.relatedObjects.some((r) => (r.field as { relatedQueryName?: string }).relatedQueryName === this.name);
    const reverseMany = model.meta.relatedManyToMany.some((f) => f.relatedQueryName === this.name);
    return field !== undefined || reverse || reverseMany ? `${this.name}__pk` : undefined;
  }

  compile(context: CompileContext): RawBuilder<unknown> {
    const annotation = context.annotations.get(this.name);
    if (annotation !== undefined) {
      if (context.annotationColumns?.has(this.name) === true) return sql`${sql.id(context.table, this.name)}`;
      return context.annotationsByAlias ? sql`${sql.id(this.name)}` : annotation.compile(context);
    }
    const path = this.#path(context.model, new Set(context.annotations.keys()));
    if (path !== undefined) {
      const joined = context.joins?.columns.get(path);
      if (joined === undefined) throw new NotSupportedError(`F('${this.name}') on ${context.model.meta.objectName}: joined field references are not permitted in this query.`);
      return sql`${sql.id(joined.alias, joined.field.column)}`;
    }
    const field = context.model.meta.getField(this.name);
    return sql`${sql.id(context.table, field.column)}`;
  }

  override toString(): string {
    return `F(${this.name})`;
  }
}

/**
 * A column of the current row, for filters comparing two fields and updates computed in SQL.
 *
 * @example
 * await Book.objects.filter({ price__gt: F('cost') }).update({ price: F('price').add(1) });
 */
export function F(name: string): FieldRef {
  return new FieldRef(name);
}

/** A constant sent as a query parameter. */
export class Value extends Expression {
  constructor(readonly value: unknown) {
    super();
  }

  check(): void {}

  compile(): RawBuilder<unknown> {
    return sql`${this.value}`;
  }
}

class Combined extends Expression {
  readonly #rhs: Expression;

  constructor(
    readonly lhs: Expression,
    readonly operator: Operator,
    rhs: Operand,
  ) {
    super();
    this.#rhs = rhs instanceof Expression ? rhs : new Value(rhs);
  }

  override get containsAggregate(): boolean {
    return this.lhs.containsAggregate || this.#rhs.containsAggregate;
  }

  check(model: ModelClass, annotations: ReadonlySet<string>): void {
    this.lhs.check(model, annotations);
    this.#rhs.check(model, annotations);
  }

  override relationPaths(model: ModelClass, annotations: ReadonlySet<string>): string[] {
    return [...this.lhs.relationPaths(model, annotations), ...this.#rhs.relationPaths(model, annotations)];
  }

  compile(context: CompileContext): RawBuilder<unknown> {
    const lhs = this.lhs.compile(context);
    const rhs = this.#rhs.compile(context);
    // MySQL's % is MOD too, but PostgreSQL needs numeric operands of one type; MOD() works everywhere.
    if (this.operator === '%') return sql`MOD(${lhs}, ${rhs})`;
    return sql`(${lhs} ${sql.raw(this.operator)} ${rhs})`;
  }
}
