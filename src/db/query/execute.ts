import { AsyncLocalStorage } from 'node:async_hooks';
import type { Compilable, QueryResult } from 'kysely';
import { connections } from '../connections/index.js';
import { atomic } from '../transaction.js';
import type { DatabaseWrapper } from '../types.js';

/** The alias used when neither using() nor the instance names one. */
export const DEFAULT_DB_ALIAS = 'default';

/** The wrapper for an alias (Django's `connections[alias]`). */
export function connectionFor(alias: string): DatabaseWrapper {
  return connections.get(alias);
}

/** Runs fn inside atomic() on the alias, so a save or delete never half-writes. */
export function inTransaction<T>(alias: string, fn: () => Promise<T>): Promise<T> {
  return atomic(fn, { using: alias });
}

const capture = new AsyncLocalStorage<string[]>();

/** Every ORM query goes through here, so captureQueries() sees them all. */
export async function runQuery(connection: DatabaseWrapper, query: Compilable): Promise<QueryResult<Record<string, unknown>>> {
  const compiled = query.compile();
  capture.getStore()?.push(compiled.sql);
  return connection.db.executeQuery<Record<string, unknown>>(compiled);
}

/**
 * Runs fn and lists the SQL of the ORM queries it made (in its async context): for tests that
 * pin a query count, as Django's assertNumQueries.
 *
 * @example
 * const { queries } = await captureQueries(() => Book.objects.all());
 * expect(queries).toHaveLength(1);
 */
export async function captureQueries<T>(fn: () => Promise<T> | PromiseLike<T>): Promise<{ result: T; queries: string[] }> {
  const queries: string[] = [];
  const result = await capture.run(queries, async () => await fn());
  return { result, queries };
}
