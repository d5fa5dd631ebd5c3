import type { MigrationKey } from './graph.js';
import type { Operation, SchemaEditorLike } from './operations/base.js';
import type { ProjectState } from './state.js';

/** What a migration file exports: Django's Migration class attributes. */
export interface MigrationDefinition {
  readonly dependencies?: readonly MigrationKey[];
  readonly operations: readonly Operation[];
  /** The app's first migration. */
  readonly initial?: boolean;
  /** Run inside one transaction where the database allows DDL in transactions (default true). */
  readonly atomic?: boolean;
  /** Migrations this one squashes. */
  readonly replaces?: readonly MigrationKey[];
}

/** Marks a migration module's default export (and types it). */
export function migration(definition: MigrationDefinition): MigrationDefinition {
  return definition;
}

/** A loaded migration: its definition with the app and name it was found under. */
export class Migration {
  readonly app: string;
  readonly name: string;
  readonly definition: MigrationDefinition;

  constructor(app: string, name: string, definition: MigrationDefinition) {
    this.app = app;
    this.name = name;
    this.definition = definition;
  }

  get key(): MigrationKey {
    return [this.app, this.name];
  }

  get dependencies(): readonly MigrationKey[] {
    return this.definition.dependencies ?? [];
  }

  get operations(): readonly Operation[] {
    return this.definition.operations;
  }

  get atomic(): boolean {
    return this.definition.atomic ?? true;
  }

  /** Applies every operation to a copy of the state and returns it. */
  mutateState(state: ProjectState): ProjectState {
    const next = state.clone();
    for (const op of this.operations) op.stateForwards(this.app, next);
    return next;
  }

  /** Runs every operation forwards; returns the state after the migration. */
  async apply(state: ProjectState, editor: SchemaEditorLike): Promise<ProjectState> {
    let current = state;
    for (const op of this.operations) {
      const next = current.clone();
      op.stateForwards(this.app, next);
      await op.databaseForwards(this.app, editor, current, next);
      current = next;
    }
    return current;
  }

  /** Runs every operation backwards, last first; `state` is the state after this migration. */
  async unapply(stateBefore: ProjectState, editor: SchemaEditorLike): Promise<void> {
    // Each operation needs the states on either side of it, so build them going forwards first.
    const states: ProjectState[] = [stateBefore];
    for (const op of this.operations) {
      const next = states[states.length - 1]!.clone();
      op.stateForwards(this.app, next);
      states.push(next);
    }
    for (let i = this.operations.length - 1; i >= 0; i--) {
      await this.operations[i]!.databaseBackwards(this.app, editor, states[i + 1]!, states[i]!);
    }
  }

  toString(): string {
    return `${this.app}.${this.name}`;
  }
}
