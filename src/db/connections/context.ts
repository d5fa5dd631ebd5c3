import { AsyncLocalStorage } from 'node:async_hooks';
import type { ControlledTransaction } from 'kysely';

/** A callback waiting for the outermost commit, with the savepoints open when it was registered. */
export interface PendingCallback {
  readonly fn: () => unknown;
  readonly savepoints: readonly string[];
  readonly robust: boolean;
}

/** What one outermost atomic() block shares with the blocks nested in it. */
export interface TransactionState {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly tx: ControlledTransaction<any, any>;
  /** Set by setRollback(true) or by an error in a block without a savepoint. */
  needsRollback: boolean;
  readonly callbacks: PendingCallback[];
  savepointCounter: number;
}

/** One atomic() block: the shared transaction and the savepoints open around it (innermost last). */
export interface AtomicFrame {
  readonly state: TransactionState;
  readonly savepoints: readonly string[];
}

// Keyed by the connection object itself, so a connection re-created after a settings change
// never sees the transaction of the one it replaced.
const storage = new AsyncLocalStorage<ReadonlyMap<object, AtomicFrame>>();

/** The innermost atomic() frame for the connection in the current async context. */
export function currentFrame(connection: object): AtomicFrame | undefined {
  return storage.getStore()?.get(connection);
}

/** Runs fn with `frame` as the connection's innermost frame (undefined: outside any atomic block). */
export function runInFrame<T>(connection: object, frame: AtomicFrame | undefined, fn: () => T): T {
  const frames = new Map(storage.getStore() ?? []);
  if (frame === undefined) frames.delete(connection);
  else frames.set(connection, frame);
  return storage.run(frames, fn);
}
