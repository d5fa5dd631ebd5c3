import type { Connection } from '../connections/index.js';
import { postMigrate, preMigrate } from '../signals.js';
import { UnknownMigration } from './errors.js';
import { keyString } from './graph.js';
import type { MigrationKey } from './graph.js';
import type { MigrationLoader } from './loader.js';
import type { Migration } from './migration.js';
import { RunCode } from './operations/special.js';
import { MigrationRecorder } from './recorder.js';
import { ProjectState } from './state.js';

/** One step of a plan: a migration, and whether it is unapplied. */
export type PlanStep = readonly [migration: Migration, backwards: boolean];

/** A target: an app's migration by name, or `null` for "zero" (unapply all of the app). */
export type Target = readonly [app: string, name: string | null];

export interface MigrateOptions {
  /** Record the migrations as applied/unapplied without running them (Django's --fake). */
  fake?: boolean;
  verbosity?: number;
  interactive?: boolean;
  /** Told of each step as it starts and ends, for progress output. */
  onProgress?: (event: { step: PlanStep; index: number; total: number; done: boolean; ms?: number }) => void;
}

/**
 * Plans and runs migrations on one database: Django's MigrationExecutor. Each migration runs in a
 * transaction where the database can roll DDL back (PostgreSQL, SQLite), so a failed migration
 * leaves nothing half-done there.
 */
export class MigrationExecutor {
  readonly connection: Connection;
  readonly loader: MigrationLoader;
  readonly recorder: MigrationRecorder;

  constructor(connection: Connection, loader: MigrationLoader) {
    this.connection = connection;
    this.loader = loader;
    this.recorder = new MigrationRecorder(connection);
  }

  /** The leaf migration of every migrated app: what `migrate` with no target reaches. */
  defaultTargets(): Target[] {
    return this.loader.graph.leafNodes().map(([app, name]) => [app, name] as const);
  }

  /** The steps that take the database to the targets (Django's migration_plan). */
  async plan(targets: readonly Target[]): Promise<PlanStep[]> {
    const graph = this.loader.graph;
    graph.validate();
    const applied = await this.recorder.applied();
    const plan: PlanStep[] = [];
    const unapply = (key: MigrationKey): void => {
      for (const step of graph.backwardsPlan(key)) {
        if (applied.delete(keyString(step))) plan.push([this.loader.get(step), true]);
      }
    };
    for (const [app, name] of targets) {
      if (!this.loader.migratedApps.has(app)) throw new UnknownMigration(`App '${app}' does not have migrations.`);
      if (name === null) {
        for (const root of graph.rootNodes(app)) unapply(root);
        continue;
      }
      const target: MigrationKey = [app, name];
      if (!graph.has(target)) throw new UnknownMigration(`Cannot find a migration matching '${name}' from app '${app}'.`);
      if (applied.has(keyString(target))) {
        // Going back to an applied migration: unapply what follows it in its app.
        for (const child of graph.childrenOf(target)) if (child[0] === app) unapply(child);
      } else {
        for (const step of graph.forwardsPlan(target)) {
          if (!applied.has(keyString(step))) {
            applied.add(keyString(step));
            plan.push([this.loader.get(step), false]);
          }
        }
      }
    }
    return plan;
  }

  /** Runs the plan to the targets (default: every app's latest); returns the steps run. */
  async migrate(targets: readonly Target[] = this.defaultTargets(), options: MigrateOptions = {}): Promise<PlanStep[]> {
    await this.recorder.ensureSchema();
    const plan = await this.plan(targets);
    const signalArgs = {
      verbosity: options.verbosity ?? 1,
      interactive: options.interactive ?? false,
      using: this.connection.alias,
      plan: plan.map(([m, back]) => [m.toString(), back] as const),
    };
    if (plan.some(([, back]) => back) && plan.some(([, back]) => !back)) {
      throw new UnknownMigration('A migration plan cannot both apply and unapply migrations; migrate one app at a time.');
    }
    const apps = [...this.loader.migratedApps].sort();
    for (const app of apps) await preMigrate.asend(undefined, { ...signalArgs, appConfig: { label: app } });
    if (plan.length > 0 && plan[0]![1]) await this.#backwards(plan, options);
    else await this.#forwards(plan, options);
    for (const app of apps) await postMigrate.asend(undefined, { ...signalArgs, appConfig: { label: app } });
    return plan;
  }

  async #forwards(plan: readonly PlanStep[], options: MigrateOptions): Promise<void> {
    const toApply = new Set(plan.map(([m]) => m.toString()));
    const applied = await this.recorder.applied();
    let state = new ProjectState();
    let index = 0;
    for (const key of this.loader.graph.fullPlan()) {
      const migration = this.loader.get(key);
      if (toApply.has(migration.toString())) {
        state = await this.#run([migration, false], state, index++, plan.length, options);
      } else if (applied.has(keyString(key))) {
        state = migration.mutateState(state);
      }
    }
  }

  async #backwards(plan: readonly PlanStep[], options: MigrateOptions): Promise<void> {
    const toUnapply = new Set(plan.map(([m]) => m.toString()));
    const applied = await this.recorder.applied();
    const statesBefore = new Map<string, ProjectState>();
    let state = new ProjectState();
    for (const key of this.loader.graph.fullPlan()) {
      const migration = this.loader.get(key);
      if (toUnapply.has(migration.toString())) statesBefore.set(migration.toString(), state);
      if (applied.has(keyString(key))) state = migration.mutateState(state);
    }
    let index = 0;
    for (const step of plan) await this.#run(step, statesBefore.get(step[0].toString())!, index++, plan.length, options);
  }

  async #run(step: PlanStep, state: ProjectState, index: number, total: number, options: MigrateOptions): Promise<ProjectState> {
    const [migration, backwards] = step;
    options.onProgress?.({ step, index, total, done: false });
    const started = performance.now();
    for (const op of migration.operations) if (op instanceof RunCode) op.using = this.connection.alias;
    // The editor owns the transaction (as Django's schema_editor(atomic=…) does): on SQLite it
    // must turn foreign-key checks off before the transaction starts. The record is written in it.
    const editor = this.connection.schemaEditor({ atomic: migration.atomic });
    const after = await editor.run(async (ed) => {
      let next = migration.mutateState(state);
      if (!options.fake) {
        if (backwards) await migration.unapply(state, ed);
        else next = await migration.apply(state, ed);
      }
      if (backwards) await this.recorder.recordUnapplied(migration.key);
      else await this.recorder.recordApplied(migration.key);
      return next;
    });
    options.onProgress?.({ step, index, total, done: true, ms: performance.now() - started });
    return after;
  }
}
