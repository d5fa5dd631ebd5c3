import { sql } from 'kysely';
import { FieldDoesNotExist } from '../errors.js';
import type { ForeignKey as ForeignKeyField } from '../fields/related.js';
import { instanceFromDb } from '../models/model.js';
import type { Model, ModelClass } from '../models/model.js';
import { setCached } from '../models/related-descriptors.js';
import type { DatabaseWrapper } from '../types.js';
import type { AnySelect } from './compiler.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ForeignKey = ForeignKeyField<any, any>;

/** One joined relation of selectRelated(): `author__publisher` is joined from `author`'s step. */
export interface RelatedStep {
  readonly path: string;
  readonly field: ForeignKey;
  /** The step the relation starts from; -1 for the queried model. */
  readonly parent: number;
  readonly model: ModelClass;
  readonly alias: string;
}

/**
 * Checks selectRelated() paths (forward ForeignKey/OneToOneField chains) and adds the steps a
 * long path implies: 'author__publisher' needs 'author'. FieldDoesNotExist names the bad part.
 */
export function normalizeSelectRelated(model: ModelClass, paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let current = model;
    const parts = path.split('__');
    parts.forEach((part, i) => {
      const field = current.meta.findField(part);
      if (field === undefined || !field.isRelation || field.manyToMany || field.name !== part) {
        const choices = current.meta.fields.filter((f) => f.isRelation && !f.manyToMany).map((f) => f.name);
        throw new FieldDoesNotExist(
          `Invalid field name '${part}' given in selectRelated('${path}') on ${current.meta.objectName}: it is not a ForeignKey or OneToOneField. Choices are: ${choices.join(', ') || '(none)'}.`,
        );
      }
      const prefix = parts.slice(0, i + 1).join('__');
      if (!out.includes(prefix)) out.push(prefix);
      current = (field as ForeignKey).relatedModel;
    });
  }
  return out;
}

/**
 * What selectRelated() with no names follows, as Django: every non-null forward relation,
 * recursively (up to 5 levels, never back into a model already on the path).
 */
export function nonNullRelations(model: ModelClass, prefix = '', seen: readonly ModelClass[] = [model]): string[] {
  if (seen.length > 5) return [];
  const out: string[] = [];
  for (const field of model.meta.concreteFields) {
    if (!field.isRelation || field.null || !('relatedModel' in field)) continue;
    const related = (field as ForeignKey).relatedModel;
    if (seen.some((m) => m.meta === related.meta)) continue;
    const path = `${prefix}${field.name}`;
    out.push(path, ...nonNullRelations(related, `${path}__`, [...seen, related]));
  }
  return out;
}

/** The join steps for normalized paths, parents before children. */
export function planSelectRelated(model: ModelClass, paths: readonly string[]): RelatedStep[] {
  const steps: RelatedStep[] = [];
  for (const path of paths) {
    const parts = path.split('__');
    const parentPath = parts.slice(0, -1).join('__');
    const parent = parentPath === '' ? -1 : steps.findIndex((s) => s.path === parentPath);
    const from = parent === -1 ? model : steps[parent]!.model;
    const field = from.meta.getField(parts.at(-1)!) as ForeignKey;
    steps.push({ path, field, parent, model: field.relatedModel, alias: `sr${steps.length}` });
  }
  return steps;
}

/** LEFT JOINs each step and selects its columns as `sr<step>_<n>` (grouped by them too when the query is grouped). */
export function joinSelectRelated(query: AnySelect, model: ModelClass, steps: readonly RelatedStep[], grouped = false): AnySelect {
  for (const step of steps) {
    const from = step.parent === -1 ? model.meta.dbTable : steps[step.parent]!.alias;
    const on = sql`${sql.id(step.alias, step.field.targetField.column)} = ${sql.id(from, step.field.column)}`;
    query = query.leftJoin(sql`${sql.id(step.model.meta.dbTable)}`.as(step.alias), (join) => join.on(on as never));
    query = query.select(step.model.meta.concreteFields.map((f, n) => sql`${sql.id(step.alias, f.column)}`.as(`${step.alias}_${n}`)));
    if (grouped) query = query.groupBy(step.model.meta.concreteFields.map((f) => sql`${sql.id(step.alias, f.column)}`));
  }
  return query;
}

/** Builds each joined object of a row and caches it on its parent, so `book.author` needs no query. */
export function attachSelectRelated(instance: Model, row: Record<string, unknown>, steps: readonly RelatedStep[], connection: DatabaseWrapper): void {
  const built: Array<Model | null> = [];
  for (const step of steps) {
    const parent = step.parent === -1 ? instance : built[step.parent];
    if (parent === null || parent === undefined) {
      built.push(null);
      continue;
    }
    const fields = step.model.meta.concreteFields;
    const pkIndex = fields.indexOf(step.model.meta.pk);
    if (row[`${step.alias}_${pkIndex}`] === null || row[`${step.alias}_${pkIndex}`] === undefined) {
      setCached(parent, step.field.name, null);
      built.push(null);
      continue;
    }
    const data: Record<string, unknown> = {};
    fields.forEach((f, n) => (data[f.attname] = f.fromDb(row[`${step.alias}_${n}`], connection)));
    const related = instanceFromDb(step.model, data, connection.alias);
    setCached(parent, step.field.name, related);
    if (step.field.unique) setCached(related, step.field.accessorName, parent);
    built.push(related);
  }
}
