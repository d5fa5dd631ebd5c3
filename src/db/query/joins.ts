import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { FieldDoesNotExist } from '../errors.js';
import type { Field } from '../fields/field.js';
import type { ManyToManyField } from '../fields/many-to-many.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';
import type { ModelClass } from '../models/model.js';
import type { AnySelect } from './compiler.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;

/** One step of a path: a ForeignKey followed forward (`author`) or backward (`book` on Author). */
interface Step {
  readonly field: ForeignKey;
  readonly forward: boolean;
  readonly to: ModelClass;
  /** The name the step is known by in a path, when not the key's own (many-to-many hops). */
  readonly part?: string;
}

/** The columns that values()/orderBy() paths such as 'author__name' need, and the LEFT JOINs that reach them. */
export interface JoinPlan {
  readonly columns: ReadonlyMap<string, { readonly alias: string; readonly field: Field }>;
  readonly joins: ReadonlyArray<{ readonly table: string; readonly alias: string; readonly on: RawBuilder<unknown> }>;
}

/**
 * Resolves 'author__publisher__name' to its steps and final field; undefined for a name without
 * `__`. A wrong part is FieldDoesNotExist naming the model it was looked up on.
 */
export function resolvePath(model: ModelClass, name: string): { steps: Step[]; field: Field } | undefined {
  const parts = name.split('__');
  if (parts.length < 2) return undefined;
  const steps: Step[] = [];
  let current = model;
  for (const [i, part] of parts.entries()) {
    const field = current.meta.findField(part);
    const last = i === parts.length - 1;
    if (last && field !== undefined && field.concrete) return { steps, field };
    if (field !== undefined && field.isRelation && !field.manyToMany && 'relatedModel' in field) {
      const fk = field as ForeignKey;
      steps.push({ field: fk, forward: true, to: fk.relatedModel });
      current = fk.relatedModel;
      if (last) return { steps, field: current.meta.pk };
      continue;
    }
    const many = manyToManySteps(current, part);
    if (many !== undefined) {
      steps.push(...many);
      current = many[1].to;
      if (last) return { steps, field: current.meta.pk };
      continue;
    }
    const reverse = current.meta.relatedObjects.find((r) => (r.field as ForeignKey).relatedQueryName === part);
    if (reverse !== undefined && !last) {
      const fk = reverse.field as ForeignKey;
      steps.push({ field: fk, forward: false, to: fk.model! });
      current = fk.model!;
      continue;
    }
    const choices = relationChoices(current);
    throw new FieldDoesNotExist(`Cannot resolve keyword '${part}' into a field of ${current.meta.objectName} (in '${name}'). Choices are: ${choices.join(', ')}.`);
  }
  return undefined;
}

/**
 * A many-to-many hop by name (`tags` forward, `book` backward): into the through table, then out
 * to the other side — two joins, as Django's.
 */
function manyToManySteps(model: ModelClass, part: string): [Step, Step] | undefined {
  const field = model.meta.findField(part);
  if (field !== undefined && field.manyToMany && field.name === part) {
    const m2m = field as ManyToManyField;
    return [
      { field: m2m.sourceKey, forward: false, to: m2m.through, part: `${part}+` },
      { field: m2m.targetKey, forward: true, to: m2m.relatedModel, part },
    ];
  }
  const reverse = model.meta.relatedManyToMany.find((f) => f.relatedQueryName === part) as ManyToManyField | undefined;
  if (reverse === undefined) return undefined;
  return [
    { field: reverse.targetKey, forward: false, to: reverse.through, part: `${part}+` },
    { field: reverse.sourceKey, forward: true, to: reverse.ownerModel, part },
  ];
}

/** The names a path may take on a model, for error messages (hidden through-table names left out). */
export function relationChoices(model: ModelClass): string[] {
  return [
    ...model.meta.fields.map((f) => f.name),
    ...model.meta.relatedObjects.map((r) => (r.field as ForeignKey).relatedQueryName).filter((n) => !n.endsWith('+')),
    ...model.meta.relatedManyToMany.map((f) => f.relatedQueryName).filter((n) => !n.endsWith('+')),
  ];
}

/** The joins for every path among `names` (ordering terms may start with '-'); shared prefixes join once. */
export function planJoins(model: ModelClass, names: readonly string[], prefix = 'rj'): JoinPlan {
  const columns = new Map<string, { alias: string; field: Field }>();
  const joins: Array<{ table: string; alias: string; on: RawBuilder<unknown> }> = [];
  const aliases = new Map<string, string>();
  for (const raw of names) {
    const name = raw.replace(/^-/, '');
    const path = resolvePath(model, name);
    if (path === undefined || columns.has(name)) continue;
    let from = model.meta.dbTable;
    let reached = '';
    for (const step of path.steps) {
      const part = step.part ?? (step.forward ? step.field.name : step.field.relatedQueryName);
      reached = reached === '' ? part : `${reached}__${part}`;
      let alias = aliases.get(reached);
      if (alias === undefined) {
        alias = `${prefix}${aliases.size}`;
        aliases.set(reached, alias);
        const on = step.forward
          ? sql`${sql.id(alias, step.field.targetField.column)} = ${sql.id(from, step.field.column)}`
          : sql`${sql.id(alias, step.field.column)} = ${sql.id(from, step.field.targetField.column)}`;
        joins.push({ table: step.to.meta.dbTable, alias, on });
      }
      from = alias;
    }
    columns.set(name, { alias: from, field: path.field });
  }
  return { columns, joins };
}

export function applyJoins(query: AnySelect, plan: JoinPlan): AnySelect {
  for (const join of plan.joins) query = query.leftJoin(sql`${sql.id(join.table)}`.as(join.alias), (j) => j.on(join.on as never));
  return query;
}
