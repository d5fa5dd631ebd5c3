import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { FieldDoesNotExist, NotSupportedError } from '../errors.js';
import type { ModelClass } from '../models/model.js';
import type { CompileContext } from './context.js';

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
    if (this.name.includes('__')) {
      throw new NotSupportedError(`F('${this.name}') on ${model.meta.objectName}: references across relations are not supported yet.`);
    }
    if (model.meta.findField(this.name) === undefined) {
      const choices = [...model.meta.concreteFields.map((f) => f.name), ...annotations].join(', ');
      throw new FieldDoesNotExist(`Cannot resolve keyword '${this.name}' into a field of ${model.meta.objectName}. Choices are: ${choices}.`);
    }
  }

  compile(context: CompileContext): RawBuilder<unknown> {
    const annotation = context.annotations.get(this.name);
    if (annotation !== undefined) {
      return context.annotationsByAlias ? sql`${sql.id(this.name)}` : annotation.compile(context);
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

  compile(context: CompileContext): RawBuilder<unknown> {
    const lhs = this.lhs.compile(context);
    const rhs = this.#rhs.compile(context);
    // MySQL's % is MOD too, but PostgreSQL needs numeric operands of one type; MOD() works everywhere.
    if (this.operator === '%') return sql`MOD(${lhs}, ${rhs})`;
    return sql`(${lhs} ${sql.raw(this.operator)} ${rhs})`;
  }
}
