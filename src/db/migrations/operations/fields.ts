import type { AnyField as Field } from '../../fields/field.js';
import type { ProjectState } from '../state.js';
import { BaseOperation, historical, managed } from './base.js';
import type { SchemaEditorLike } from './base.js';

function fieldOf(state: ProjectState, appLabel: string, modelName: string, name: string): Field {
  return historical(state, appLabel, modelName).meta.getField(name);
}

/** Adds a column. */
export class AddField extends BaseOperation<{ modelName: string; name: string; field: Field }> {
  readonly kind = 'AddField';

  get migrationNameFragment(): string {
    return `${this.args.modelName.toLowerCase()}_${this.args.name.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    state.replaceModel(model.with({ fields: [...model.fields, [this.args.name, this.args.field]] }));
  }

  // As in Django, the editor gets the model as it was and the field as it will be.
  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.modelName)) return;
    await editor.addField(historical(from, appLabel, this.args.modelName), fieldOf(to, appLabel, this.args.modelName, this.args.name));
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    if (!managed(from, appLabel, this.args.modelName)) return;
    const model = historical(from, appLabel, this.args.modelName);
    await editor.removeField(model, model.meta.getField(this.args.name));
  }

  describe(): string {
    return `Add field ${this.args.name} to ${this.args.modelName.toLowerCase()}`;
  }
}

/** Drops a column. */
export class RemoveField extends BaseOperation<{ modelName: string; name: string }> {
  readonly kind = 'RemoveField';

  get migrationNameFragment(): string {
    return `remove_${this.args.modelName.toLowerCase()}_${this.args.name.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    state.replaceModel(model.with({ fields: model.fields.filter(([n]) => n !== this.args.name) }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, _to: ProjectState): Promise<void> {
    if (!managed(from, appLabel, this.args.modelName)) return;
    const model = historical(from, appLabel, this.args.modelName);
    await editor.removeField(model, model.meta.getField(this.args.name));
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.modelName)) return;
    await editor.addField(historical(from, appLabel, this.args.modelName), fieldOf(to, appLabel, this.args.modelName, this.args.name));
  }

  describe(): string {
    return `Remove field ${this.args.name} from ${this.args.modelName.toLowerCase()}`;
  }
}

/** Changes a column's type or options. */
export class AlterField extends BaseOperation<{ modelName: string; name: string; field: Field }> {
  readonly kind = 'AlterField';

  get migrationNameFragment(): string {
    return `alter_${this.args.modelName.toLowerCase()}_${this.args.name.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    state.replaceModel(model.with({ fields: model.fields.map(([n, f]) => [n, n === this.args.name ? this.args.field : f] as const) }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.modelName)) return;
    await editor.alterField(
      historical(from, appLabel, this.args.modelName),
      fieldOf(from, appLabel, this.args.modelName, this.args.name),
      fieldOf(to, appLabel, this.args.modelName, this.args.name),
    );
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    await this.databaseForwards(appLabel, editor, from, to);
  }

  describe(): string {
    return `Alter field ${this.args.name} on ${this.args.modelName.toLowerCase()}`;
  }
}

/** Renames a field (and its column, unless dbColumn pins it). */
export class RenameField extends BaseOperation<{ modelName: string; oldName: string; newName: string }> {
  readonly kind = 'RenameField';

  get migrationNameFragment(): string {
    return `rename_${this.args.oldName.toLowerCase()}_${this.args.modelName.toLowerCase()}_${this.args.newName.toLowerCase()}`;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.getModel(appLabel, this.args.modelName);
    state.replaceModel(model.with({
      fields: model.fields.map(([n, f]) => [n === this.args.oldName ? this.args.newName : n, f] as const),
      options: renameInOptions(model.options, this.args.oldName, this.args.newName),
    }));
  }

  async databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.modelName)) return;
    await editor.alterField(
      historical(from, appLabel, this.args.modelName),
      fieldOf(from, appLabel, this.args.modelName, this.args.oldName),
      fieldOf(to, appLabel, this.args.modelName, this.args.newName),
    );
  }

  async databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void> {
    if (!managed(to, appLabel, this.args.modelName)) return;
    await editor.alterField(
      historical(from, appLabel, this.args.modelName),
      fieldOf(from, appLabel, this.args.modelName, this.args.newName),
      fieldOf(to, appLabel, this.args.modelName, this.args.oldName),
    );
  }

  describe(): string {
    return `Rename field ${this.args.oldName} on ${this.args.modelName.toLowerCase()} to ${this.args.newName}`;
  }
}

function renameInOptions<O extends { uniqueTogether?: ReadonlyArray<readonly string[]>; indexes?: ReadonlyArray<{ readonly fields: readonly string[]; readonly name?: string }> }>(
  options: O,
  oldName: string,
  newName: string,
): O {
  const swap = (names: readonly string[]): string[] => names.map((n) => (n === oldName ? newName : n));
  return {
    ...options,
    ...(options.uniqueTogether ? { uniqueTogether: options.uniqueTogether.map(swap) } : {}),
    ...(options.indexes ? { indexes: options.indexes.map((i) => ({ ...i, fields: swap(i.fields) })) } : {}),
  };
}
