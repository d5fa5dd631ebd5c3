import type { AnyField as Field } from '../../fields/field.js';
import { ModelState } from '../state.js';
import type { MigrationManagerClass, ProjectState, StateOptions } from '../state.js';
import { BaseOperation, historical, managed } from './base.js';
import type { SchemaEditorLike } from './base.js';

/** Creates a model's table. */
export class CreateModel extends BaseOperation<{
  name: string;
  fields: Readonly<Record<string, Field>>;
  options?: StateOptions;
  /** Managers the historical model gets, for data migrations: `[['objects', UserManager]]`. */
  managers?: ReadonlyArray<readonly [string, MigrationManagerClass]>;
}> {
  readonly kind = 'CreateModel';

  get migrationNameFragment(): string {
    return this.args.name.toLowerCase();
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.addModel(new ModelState(appLabel, this.args.name, Object.entries(this.args.fields), this.args.options ?? {}, this.args.managers ?? []));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, _from: ProjectState, to: ProjectState): Promise<void> {
    if (managed(to, appLabel, this.args.name)) await editor.createModel(historical(to, appLabel, this.args.name));
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    if (managed(from, appLabel, this.args.name)) await editor.deleteModel(historical(from, appLabel, this.args.name));
  }

  describe(): string {
    return `Create model ${this.args.name}`;
  }
}

/** Drops a model's table. */
export class DeleteModel extends BaseOperation<{ name: string }> {
  readonly kind = 'DeleteModel';

  get migrationNameFragment(): string {
    return `delete_${this.args.name.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.removeModel(appLabel, this.args.name);
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    if (managed(from, appLabel, this.args.name)) await editor.deleteModel(historical(from, appLabel, this.args.name));
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, _from: ProjectState, to: ProjectState): Promise<void> {
    if (managed(to, appLabel, this.args.name)) await editor.createModel(historical(to, appLabel, this.args.name));
  }

  describe(): string {
    return `Delete model ${this.args.name}`;
  }
}

/** Renames a model's table (Meta.dbTable). */
export class AlterModelTable extends BaseOperation<{ name: string; table: string | null }> {
  readonly kind = 'AlterModelTable';

  get migrationNameFragment(): string {
    return `alter_${this.args.name.toLowerCase()}_table`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.name);
    const { dbTable: _old, ...rest } = model.options;
    state.replaceModel(model.with({ options: this.args.table === null ? rest : { ...rest, dbTable: this.args.table } }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    const before = historical(from, appLabel, this.args.name);
    const after = historical(to, appLabel, this.args.name);
    if (managed(to, appLabel, this.args.name)) await editor.alterDbTable(after, before.meta.dbTable, after.meta.dbTable);
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    const before = historical(from, appLabel, this.args.name);
    const after = historical(to, appLabel, this.args.name);
    if (managed(to, appLabel, this.args.name)) await editor.alterDbTable(after, before.meta.dbTable, after.meta.dbTable);
  }

  describe(): string {
    return `Rename table for ${this.args.name} to ${this.args.table ?? '(default)'}`;
  }
}

/** Changes Meta.uniqueTogether. */
export class AlterUniqueTogether extends BaseOperation<{ name: string; uniqueTogether: ReadonlyArray<readonly string[]> }> {
  readonly kind = 'AlterUniqueTogether';

  get migrationNameFragment(): string {
    return `alter_${this.args.name.toLowerCase()}_unique_together`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.name);
    state.replaceModel(model.with({ options: { ...model.options, uniqueTogether: this.args.uniqueTogether } }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    await this.#apply(appLabel, editor, from, to);
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    await this.#apply(appLabel, editor, from, to);
  }

  async #apply(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.name)) return;
    const model = historical(to, appLabel, this.args.name);
    const old = from.getModel(appLabel, this.args.name).options.uniqueTogether ?? [];
    await editor.alterUniqueTogether(model, old, to.getModel(appLabel, this.args.name).options.uniqueTogether ?? []);
  }

  describe(): string {
    return `Alter unique_together for ${this.args.name} (${this.args.uniqueTogether.length} constraint(s))`;
  }
}

/** Adds an index (Meta.indexes). */
export class AddIndex extends BaseOperation<{ modelName: string; index: { fields: readonly string[]; name: string } }> {
  readonly kind = 'AddIndex';

  get migrationNameFragment(): string {
    return this.args.index.name.toLowerCase();
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    state.replaceModel(model.with({ options: { ...model.options, indexes: [...(model.options.indexes ?? []), this.args.index] } }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, _from: ProjectState, to: ProjectState): Promise<void> {
    if (managed(to, appLabel, this.args.modelName)) await editor.addIndex(historical(to, appLabel, this.args.modelName), this.args.index);
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    if (managed(from, appLabel, this.args.modelName)) await editor.removeIndex(historical(from, appLabel, this.args.modelName), this.args.index);
  }

  describe(): string {
    return `Create index ${this.args.index.name} on field(s) ${this.args.index.fields.join(', ')} of model ${this.args.modelName}`;
  }
}

/** Removes an index by name. */
export class RemoveIndex extends BaseOperation<{ modelName: string; name: string }> {
  readonly kind = 'RemoveIndex';

  get migrationNameFragment(): string {
    return `remove_${this.args.modelName.toLowerCase()}_${this.args.name.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    const indexes = (model.options.indexes ?? []).filter((i) => i.name !== this.args.name);
    state.replaceModel(model.with({ options: { ...model.options, indexes } }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    const index = (from.getModel(appLabel, this.args.modelName).options.indexes ?? []).find((i) => i.name === this.args.name);
    if (index !== undefined && managed(from, appLabel, this.args.modelName)) {
      await editor.removeIndex(historical(from, appLabel, this.args.modelName), index);
    }
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, _from: ProjectState, to: ProjectState): Promise<void> {
    const index = (to.getModel(appLabel, this.args.modelName).options.indexes ?? []).find((i) => i.name === this.args.name);
    if (index !== undefined && managed(to, appLabel, this.args.modelName)) {
      await editor.addIndex(historical(to, appLabel, this.args.modelName), index);
    }
  }

  describe(): string {
    return `Remove index ${this.args.name} from ${this.args.modelName}`;
  }
}

/** The Meta options AlterModelOptions sets (the rest belong to other operations): Django's ALTER_OPTION_KEYS. */
const ALTER_OPTION_KEYS = ['defaultPermissions', 'getLatestBy', 'managed', 'ordering', 'permissions', 'verboseName', 'verboseNamePlural'] as const;

/**
 * Changes Meta options that need no SQL (ordering, verbose names, permissions, getLatestBy, managed): Django's
 * AlterModelOptions. Those keys left out of `options` are removed, as in Django.
 */
export class AlterModelOptions extends BaseOperation<{ name: string; options: Pick<StateOptions, (typeof ALTER_OPTION_KEYS)[number]> }> {
  readonly kind = 'AlterModelOptions';

  get migrationNameFragment(): string {
    return `alter_${this.args.name.toLowerCase()}_options`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.name);
    const options: Record<string, unknown> = { ...model.options };
    for (const key of ALTER_OPTION_KEYS) delete options[key];
    state.replaceModel(model.with({ options: { ...options, ...this.args.options } as StateOptions }));
  }

  async databaseForwards(): Promise<void> {}

  async databaseBackwards(): Promise<void> {}

  describe(): string {
    return `Change Meta options on ${this.args.name}`;
  }
}
