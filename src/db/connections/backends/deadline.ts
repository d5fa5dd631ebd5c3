import { OperationalError } from '../../errors.js';
import { describeLimit } from '../limits.js';

/**
 * Settles like `work`, or rejects with `error()` once `ms` have passed (no limit when undefined).
 * On the deadline `abandon()` runs, so the caller can close whatever is stuck (a socket to a
 * frozen server); `work`'s own late failure is then expected and ignored.
 */
export function withDeadline<T>(work: Promise<T>, ms: number | undefined, error: () => Error, abandon: () => void): Promise<T> {
  if (ms === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(error());
      try {
        abandon();
      } catch {
        // Closing an already broken connection may throw; the caller has its error already.
      }
    }, ms);
    // Timers must not keep a process alive that has nothing else to do.
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        if (!late) resolve(value);
      },
      (failure: unknown) => {
        clearTimeout(timer);
        if (!late) reject(failure);
      },
    );
  });
}

/**
 * Gets a connection within `ms`: when the deadline passes first the caller gets `error()`, and
 * the connection that arrives later is handed straight back (`giveBack`) so no pool slot leaks.
 */
export function acquireWithin<C>(acquire: () => Promise<C>, ms: number | undefined, error: () => Error, giveBack: (connection: C) => void): Promise<C> {
  let late = false;
  const acquiring = acquire();
  void acquiring.then(
    (connection) => {
      if (late) giveBack(connection);
    },
    () => undefined,
  );
  return withDeadline(acquiring, ms, error, () => {
    late = true;
  });
}

/** The error of a connection not obtained within CONNECT_TIMEOUT. */
export function connectTimeoutError(where: string, ms: number | undefined, cause?: unknown): OperationalError {
  return new OperationalError(
    `Could not get a connection to ${where} within CONNECT_TIMEOUT (${describeLimit(ms)}): the server is down, unreachable or not answering, ` +
      `or every connection of the pool stayed busy.`,
    cause === undefined ? undefined : { cause },
  );
}

/** The error of a statement not answered within QUERY_TIMEOUT; its connection has been closed. */
export function queryTimeoutError(where: string, ms: number | undefined, sql: string): OperationalError {
  const shown = sql.length > 300 ? `${sql.slice(0, 300)}…` : sql;
  return new OperationalError(
    `${where} did not answer within QUERY_TIMEOUT (${describeLimit(ms)}); the connection was closed (in: ${shown}). ` +
      `Raise DATABASES OPTIONS QUERY_TIMEOUT for statements that take longer.`,
  );
}
