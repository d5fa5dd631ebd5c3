import type { AnyField as Field } from '../../fields/field.js';
import type { ModelClass } from '../../models/model.js';
import type { ProjectState } from '../state.js';

/** What operations ask of the schema editor (src/db/schema): Django's BaseDatabaseSchemaEditor. */
export interface SchemaEditorLike {
  createModel(model: ModelClass): Promise<void>;
  deleteModel(model: ModelClass): Promise<void>;
  addField(model: ModelClass, field: Field): Promise<void>;
  removeField(model: ModelClass, field: Field): Promise<void>;
  alterField(model: ModelClass, oldField: Field, newField: Field): Promise<void>;
  alterDbTable(model: ModelClass, oldTable: string, newTable: string): Promise<void>;
  alterUniqueTogether(model: ModelClass, oldValue: ReadonlyArray<readonly string[]>, newValue: ReadonlyArray<readonly string[]>): Promise<void>;
  addIndex(model: ModelClass, index: { readonly fields: readonly string[]; readonly name?: string }): Promise<void>;
  removeIndex(model: ModelClass, index: { readonly fields: readonly string[]; readonly name?: string }): Promise<void>;
  /** Runs raw SQL (RunSQL); with collected SQL it is recorded instead. */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
}

/**
 * One step of a migration: Django's Operation. It changes the project state (stateForwards) and
 * the database (databaseForwards); reversible ones undo the latter (databaseBackwards).
 */
export interface Operation {
  /** The operation's name as written in migration files, e.g. 'CreateModel'. */
  readonly kind: string;
  readonly reversible: boolean;
  /** Models outside the database (managed: false) get no DDL. */
  stateForwards(appLabel: string, state: ProjectState): void;
  databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void>;
  databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void>;
  /** One line for `migrate` output and `showmigrations --plan`, e.g. 'Create model Book'. */
  describe(): string;
  /** The arguments object written into the migration file: `migrations.<kind>(args)`. */
  readonly args: Readonly<Record<string, unknown>>;
  /** A name fragment for the migration file, e.g. 'book' or 'book_price'. */
  readonly migrationNameFragment: string;
}

/** The historical model of a state, looked up by app and name. */
export function historical(state: ProjectState, appLabel: string, name: string): ModelClass {
  return state.apps.getModel(`${appLabel}.${name}`);
}

/** True when DDL should run for the model (Meta.managed is not false). */
export function managed(state: ProjectState, appLabel: string, name: string): boolean {
  return state.getModel(appLabel, name).options.managed !== false;
}

/** What every operation shares: its arguments (as written in the migration file), reversible by default. */
export abstract class BaseOperation<A extends Readonly<Record<string, unknown>>> implements Operation {
  abstract readonly kind: string;
  abstract readonly migrationNameFragment: string;
  readonly args: A;

  constructor(args: A) {
    this.args = args;
  }

  get reversible(): boolean {
    return true;
  }

  abstract stateForwards(appLabel: string, state: ProjectState): void;
  abstract databaseForwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void>;
  abstract databaseBackwards(appLabel: string, editor: SchemaEditorLike, from: ProjectState, to: ProjectState): Promise<void>;
  abstract describe(): string;
}
