import type { ProjectState } from '../state.js';
import { IrreversibleMigration } from '../errors.js';
import { BaseOperation } from './base.js';
import type { SchemaEditorLike } from './base.js';

/** Runs SQL as written; reversible when reverseSql is given. */
export class RunSQL extends BaseOperation<{ sql: string | readonly string[]; reverseSql?: string | readonly string[] }> {
  readonly kind = 'RunSQL';

  override get reversible(): boolean {
    return this.args.reverseSql !== undefined;
  }

  get migrationNameFragment(): string {
    return 'run_sql';
  }

  stateForwards(): void {}

  async databaseForwards(_app: string, editor: SchemaEditorLike): Promise<void> {
    for (const statement of [this.args.sql].flat()) await editor.execute(statement);
  }

  async databaseBackwards(_app: string, editor: SchemaEditorLike): Promise<void> {
    if (this.args.reverseSql === undefined) throw new IrreversibleMigration('RunSQL has no reverseSql, so it cannot be unapplied.');
    for (const statement of [this.args.reverseSql].flat()) await editor.execute(statement);
  }

  describe(): string {
    return 'Raw SQL operation';
  }
}

/** What RunCode's functions get: the historical models and the schema editor. */
export interface RunCodeContext {
  readonly state: ProjectState;
  readonly editor: SchemaEditorLike;
  /** Alias being migrated. */
  readonly using: string;
}

/**
 * Runs code: Django's RunPython, for data migrations. Use `ctx.state.apps.getModel('app.Model')`,
 * never the current model class, so the code sees the model as it was at this migration.
 */
export class RunCode extends BaseOperation<{ code: (ctx: RunCodeContext) => Promise<void> | void; reverse?: (ctx: RunCodeContext) => Promise<void> | void }> {
  readonly kind = 'RunCode';
  /** Set by the executor: the alias being migrated. */
  using = 'default';


  override get reversible(): boolean {
    return this.args.reverse !== undefined;
  }

  get migrationNameFragment(): string {
    return 'run_code';
  }

  stateForwards(): void {}

  async databaseForwards(_app: string, editor: SchemaEditorLike, from: ProjectState): Promise<void> {
    await this.args.code({ state: from, editor, using: this.using });
  }

  async databaseBackwards(_app: string, editor: SchemaEditorLike, _from: ProjectState, to: ProjectState): Promise<void> {
    if (this.args.reverse === undefined) throw new IrreversibleMigration('RunCode has no reverse function, so it cannot be unapplied.');
    await this.args.reverse({ state: to, editor, using: this.using });
  }

  describe(): string {
    return 'Raw code operation';
  }
}

/** A reverse function for RunCode that does nothing, for data migrations safe to leave in place. */
export const noop = (): void => undefined;
