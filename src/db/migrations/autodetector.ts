import type { AnyField as Field } from '../fields/field.js';
import { AddIndex, AlterModelTable, AlterUniqueTogether, CreateModel, DeleteModel, RemoveIndex } from './operations/models.js';
import { AddField, AlterField, RemoveField, RenameField } from './operations/fields.js';
import type { Operation } from './operations/base.js';
import type { ModelState, ProjectState } from './state.js';

/** Answers the autodetector's questions; the default never guesses a rename (Django's non-interactive answer). */
export interface Questioner {
  /** Was `oldName` renamed to `newName` on `model`? */
  askRenameField?(model: string, oldName: string, newName: string, field: Field): boolean;
}

/** A field that disappeared and one that appeared on the same model with the same definition. */
export interface RenameCandidate {
  readonly appLabel: string;
  readonly model: string;
  readonly oldName: string;
  readonly newName: string;
  readonly field: Field;
}

/** The renames detectChanges() would ask about, so a command can ask them before it runs. */
export function renameCandidates(from: ProjectState, to: ProjectState): RenameCandidate[] {
  const out: RenameCandidate[] = [];
  for (const [key, now] of sorted(to.models)) {
    const old = from.models.get(key);
    if (old === undefined) continue;
    const oldNames = new Set(old.fields.map(([n]) => n));
    const newNames = new Set(now.fields.map(([n]) => n));
    for (const [newName, field] of now.fields) {
      if (oldNames.has(newName)) continue;
      for (const [oldName, oldField] of old.fields) {
        if (!newNames.has(oldName) && sameDefinition(oldField, field)) out.push({ appLabel: now.appLabel, model: now.name, oldName, newName, field });
      }
    }
  }
  return out;
}

/**
 * Compares the state the migrations build with the state of the current models and says what
 * operations take one to the other, per app: Django's MigrationAutodetector.
 *
 * @example const changes = detectChanges(loader.projectState(), ProjectState.fromApps(apps));
 */
export function detectChanges(from: ProjectState, to: ProjectState, questioner: Questioner = {}): Map<string, Operation[]> {
  const changes = new Map<string, Operation[]>();
  const add = (app: string, op: Operation): void => void changes.set(app, [...(changes.get(app) ?? []), op]);

  for (const [key, model] of sorted(to.models)) {
    const old = from.models.get(key);
    if (old === undefined) {
      add(model.appLabel, new CreateModel({ name: model.name, fields: Object.fromEntries(model.fields), ...(hasOptions(model) ? { options: model.options } : {}) }));
      for (const index of model.options.indexes ?? []) {
        if (index.name !== undefined) add(model.appLabel, new AddIndex({ modelName: model.name, index: { fields: index.fields, name: index.name } }));
      }
      continue;
    }
    for (const op of modelChanges(old, model, questioner)) add(model.appLabel, op);
  }
  for (const [key, model] of sorted(from.models)) {
    if (!to.models.has(key)) add(model.appLabel, new DeleteModel({ name: model.name }));
  }
  for (const [app, ops] of changes) changes.set(app, orderCreateModels(app, ops));
  return changes;
}

/** The 'app.Model' labels the relation fields of an operation point at. */
function relationTargets(op: Operation): string[] {
  const args = op.args as { fields?: Readonly<Record<string, Field>>; field?: Field };
  const fields = [...Object.values(args.fields ?? {}), ...(args.field === undefined ? [] : [args.field])];
  return fields.flatMap((f) => {
    const to = f.deconstruct().options.to;
    return typeof to === 'string' ? [to.toLowerCase()] : [];
  });
}

/**
 * CreateModel operations in an order where a model is created after the models of its app it
 * points at (a cycle keeps the declared order), as Django's autodetector sorts them.
 */
function orderCreateModels(app: string, ops: readonly Operation[]): Operation[] {
  const creates = ops.filter((op) => op instanceof CreateModel);
  const labelOf = (op: Operation): string => `${app}.${String((op.args as { name: string }).name)}`.toLowerCase();
  const pending = [...creates];
  const ordered: Operation[] = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map(labelOf));
    const ready = pending.findIndex((op) => relationTargets(op).every((t) => t === labelOf(op) || !waiting.has(t)));
    ordered.push(...pending.splice(ready === -1 ? 0 : ready, 1));
  }
  let next = 0;
  return ops.map((op) => (op instanceof CreateModel ? ordered[next++]! : op));
}

/**
 * The other apps an app's new operations point at through relations: its migration depends on
 * their latest migrations. `changes` is what detectChanges() returned.
 *
 * @example relatedApps('shop', ops) // ['auth'] for a ForeignKey to 'auth.User'
 */
export function relatedApps(app: string, ops: readonly Operation[]): string[] {
  const apps = new Set(ops.flatMap(relationTargets).map((label) => label.split('.')[0]!));
  apps.delete(app.toLowerCase());
  return [...apps].sort();
}

function modelChanges(old: ModelState, now: ModelState, questioner: Questioner): Operation[] {
  const ops: Operation[] = [];
  const oldFields = new Map(old.fields);
  const newFields = new Map(now.fields);
  const added = now.fields.filter(([name]) => !oldFields.has(name));
  const removed = old.fields.filter(([name]) => !newFields.has(name));
  const renamed = new Set<string>();

  for (const [newName, field] of added) {
    const match = removed.find(([oldName, oldField]) =>
      !renamed.has(oldName) && sameDefinition(oldField, field) && questioner.askRenameField?.(now.name, oldName, newName, field) === true);
    if (match !== undefined) {
      renamed.add(match[0]);
      ops.push(new RenameField({ modelName: now.name, oldName: match[0], newName }));
    } else {
      ops.push(new AddField({ modelName: now.name, name: newName, field }));
    }
  }
  for (const [name] of removed) if (!renamed.has(name)) ops.push(new RemoveField({ modelName: now.name, name }));
  for (const [name, field] of now.fields) {
    const before = oldFields.get(name);
    if (before !== undefined && !sameDefinition(before, field)) ops.push(new AlterField({ modelName: now.name, name, field }));
  }

  const oldTable = old.options.dbTable ?? null;
  const newTable = now.options.dbTable ?? null;
  if (oldTable !== newTable) ops.push(new AlterModelTable({ name: now.name, table: newTable }));
  if (!deepEqual(old.options.uniqueTogether ?? [], now.options.uniqueTogether ?? [])) {
    ops.push(new AlterUniqueTogether({ name: now.name, uniqueTogether: now.options.uniqueTogether ?? [] }));
  }
  const oldIndexes = new Map((old.options.indexes ?? []).map((i) => [i.name ?? i.fields.join('_'), i]));
  const newIndexes = new Map((now.options.indexes ?? []).map((i) => [i.name ?? i.fields.join('_'), i]));
  for (const [name] of oldIndexes) if (!newIndexes.has(name)) ops.push(new RemoveIndex({ modelName: now.name, name }));
  for (const [name, index] of newIndexes) {
    if (!oldIndexes.has(name)) ops.push(new AddIndex({ modelName: now.name, index: { fields: index.fields, name } }));
  }
  return ops;
}

/** Two fields are the same definition when their class and options are equal. */
export function sameDefinition(a: Field, b: Field): boolean {
  const x = a.deconstruct();
  const y = b.deconstruct();
  return x.type === y.type && deepEqual(x.options, y.options);
}

function hasOptions(model: ModelState): boolean {
  return Object.keys(model.options).length > 0;
}

function sorted<V>(map: Map<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
