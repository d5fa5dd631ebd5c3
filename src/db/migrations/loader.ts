import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../../conf/apps.js';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { InvalidMigrationGraph } from './errors.js';
import { keyString, MigrationGraph } from './graph.js';
import type { MigrationKey } from './graph.js';
import { Migration } from './migration.js';
import type { MigrationDefinition } from './migration.js';
import { ProjectState } from './state.js';

/** Django's special dependency names: an app's first or latest migration. */
const FIRST = '__first__';
const LATEST = '__latest__';

const MIGRATION_FILE = /^(\d{4}_\w+)\.(?:[cm]?js|ts)$/;

/** Modules compiled to .js run their .js migrations; sources run under a TypeScript loader run .ts. */
const PREFERRED_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/**
 * Finds and imports every installed app's migrations and builds the graph: Django's
 * MigrationLoader. Migration modules default-export `migrations.migration({...})`.
 */
export class MigrationLoader {
  readonly migrations = new Map<string, Migration>();
  readonly graph = new MigrationGraph();

  /** Loads the migrations of the given apps (those that have a migrations directory). */
  static async load(apps: readonly AppConfig[]): Promise<MigrationLoader> {
    const loader = new MigrationLoader();
    for (const app of apps) {
      if (app.migrations === undefined) continue;
      for (const [name, file] of await migrationFiles(app.migrations)) {
        const module = (await import(pathToFileURL(file).href)) as { default?: MigrationDefinition };
        if (module.default === undefined || !Array.isArray(module.default.operations)) {
          throw new ImproperlyConfigured(
            `Migration ${app.label}.${name} (${file}) must default-export migrations.migration({ dependencies, operations }).`,
          );
        }
        loader.add(new Migration(app.label, name, module.default));
      }
    }
    loader.build();
    return loader;
  }

  /** Adds a migration (the loader's own load() does this; tests may too). */
  add(migration: Migration): void {
    this.migrations.set(keyString(migration.key), migration);
  }

  /**
   * Builds the graph from the migrations added; checks every dependency exists. As in Django, a
   * dependency on `[app, '__first__']` or `[app, '__latest__']` means that app's first or last
   * migration, and is dropped when the app has no migrations (it is unmigrated).
   */
  build(): void {
    for (const migration of this.migrations.values()) this.graph.addNode(migration.key);
    // Named dependencies first, so an app's roots and leaves are known when `__first__`/`__latest__` are resolved.
    const special: Array<[Migration, MigrationKey]> = [];
    for (const migration of this.migrations.values()) {
      for (const dependency of migration.dependencies) {
        if (dependency[1] === FIRST || dependency[1] === LATEST) {
          special.push([migration, dependency]);
          continue;
        }
        if (!this.migrations.has(keyString(dependency))) {
          throw new InvalidMigrationGraph(
            `Migration ${migration} depends on nonexistent parent node ${JSON.stringify(dependency)}. ` +
              'Is the app installed, and does the migration exist?',
          );
        }
        this.graph.addDependency(migration.key, dependency);
      }
    }
    for (const [migration, [app, which]] of special) {
      const nodes = which === FIRST ? this.graph.rootNodes(app) : this.graph.leafNodes(app);
      if (nodes[0] !== undefined) this.graph.addDependency(migration.key, nodes[0]);
    }
  }

  get(key: MigrationKey): Migration {
    const migration = this.migrations.get(keyString(key));
    if (migration === undefined) throw new InvalidMigrationGraph(`No migration ${keyString(key)}.`);
    return migration;
  }

  /** The project state after the given migrations (default: all of them), in plan order. */
  projectState(upTo?: readonly MigrationKey[]): ProjectState {
    let state = new ProjectState();
    const plan = upTo === undefined ? this.graph.fullPlan() : planFor(this.graph, upTo);
    for (const key of plan) state = this.get(key).mutateState(state);
    return state;
  }

  /** Apps that have at least one migration. */
  get migratedApps(): Set<string> {
    return new Set([...this.migrations.values()].map((m) => m.app));
  }
}

function planFor(graph: MigrationGraph, targets: readonly MigrationKey[]): MigrationKey[] {
  const seen = new Set<string>();
  const plan: MigrationKey[] = [];
  for (const target of targets) {
    for (const key of graph.forwardsPlan(target)) {
      if (!seen.has(keyString(key))) {
        seen.add(keyString(key));
        plan.push(key);
      }
    }
  }
  return plan;
}

/** `[name, file]` of each migration module in the directory, one per name, sorted. */
export async function migrationFiles(directory: string): Promise<Array<[string, string]>> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const byName = new Map<string, string>();
  for (const entry of entries.sort()) {
    const match = MIGRATION_FILE.exec(entry);
    if (match === null || entry.endsWith('.d.ts')) continue;
    const name = match[1]!;
    const current = byName.get(name);
    if (current === undefined || entry.endsWith(PREFERRED_EXTENSION)) byName.set(name, join(directory, entry));
  }
  return [...byName].sort(([a], [b]) => (a < b ? -1 : 1));
}
