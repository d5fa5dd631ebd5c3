import { getLogger } from '../conf/log.js';
import { connections } from './connections/registry.js';
import type { Connection } from './connections/wrapper.js';
import { currentFrame, runInFrame } from './connections/context.js';
import type { AtomicFrame, PendingCallback, TransactionState } from './connections/context.js';
import { TransactionManagementError } from './errors.js';

/** Options of atomic(): Django's `using`, `savepoint` and `durable`. */
export interface AtomicOptions {
  /** The database alias ('default' when omitted), or a connection itself. */
  using?: string | Connection;
  /** Nested blocks make a savepoint so that their failure keeps the outer work (default true). */
  savepoint?: boolean;
  /** Refuse to run nested inside another atomic block (the work must really be committed at the end). */
  durable?: boolean;
}

type Body<T> = () => Promise<T> | T;

/**
 * Runs `fn` in a transaction: Django's atomic(). The outermost block begins a transaction and
 * commits when `fn` resolves; nested blocks make savepoints. A throw rolls back to the block's
 * savepoint (or the whole transaction) and re-throws. Queries made through `connection.db`
 * inside `fn` — in this async context only — run in the transaction.
 *
 * @example
 * await atomic(async () => {
 *   await Account.objects.filter({ pk: from }).update({ balance: F('balance').minus(10) });
 *   await Account.objects.filter({ pk: to }).update({ balance: F('balance').plus(10) });
 * });
 * const transfer = atomic({ using: 'ledger' }); // the decorator form
 * await transfer(async () => { … });
 */
export function atomic<T>(fn: Body<T>, options?: AtomicOptions): Promise<T>;
export function atomic(options?: AtomicOptions): <T>(fn: Body<T>) => Promise<T>;
export function atomic<T>(fnOrOptions?: Body<T> | AtomicOptions, options: AtomicOptions = {}): Promise<T> | (<U>(fn: Body<U>) => Promise<U>) {
  if (typeof fnOrOptions === 'function') return runAtomic(fnOrOptions, options);
  const bound = fnOrOptions ?? {};
  return <U>(fn: Body<U>) => runAtomic(fn, bound);
}

async function runAtomic<T>(fn: Body<T>, options: AtomicOptions): Promise<T> {
  const using = options.using ?? 'default';
  const connection = typeof using === 'string' ? connections.get(using) : using;
  const frame = currentFrame(connection);
  if (frame === undefined) return outermost(connection, fn);
  if (options.durable === true) {
    throw new TransactionManagementError(`A durable atomic block cannot be nested within another atomic block (database '${connection.alias}').`);
  }
  return options.savepoint === false ? withoutSavepoint(connection, frame, fn) : withSavepoint(connection, frame, fn);
}

async function outermost<T>(connection: Connection, fn: Body<T>): Promise<T> {
  const tx = await connection.root.startTransaction().execute();
  const state: TransactionState = { tx, needsRollback: false, callbacks: [], savepointCounter: 0 };
  let result: T;
  try {
    result = await runInFrame(connection, { state, savepoints: [] }, fn);
  } catch (error) {
    // The block's own error is the one worth reporting; a failed ROLLBACK adds nothing to it.
    await tx.rollback().execute().catch(() => undefined);
    throw error;
  }
  if (state.needsRollback) {
    await tx.rollback().execute();
    return result;
  }
  try {
    await tx.commit().execute();
  } catch (error) {
    if (!tx.isCommitted) await tx.rollback().execute().catch(() => undefined);
    throw error;
  }
  await runCallbacks(connection.alias, state.callbacks);
  return result;
}

async function withSavepoint<T>(connection: Connection, frame: AtomicFrame, fn: Body<T>): Promise<T> {
  const { state } = frame;
  const name = `canter_s${++state.savepointCounter}`;
  const tx = state.tx as unknown as SavepointApi;
  await tx.savepoint(name).execute();
  let result: T;
  try {
    result = await runInFrame(connection, { state, savepoints: [...frame.savepoints, name] }, fn);
  } catch (error) {
    await rollbackTo(state, name);
    throw error;
  }
  if (state.needsRollback) {
    // setRollback(true) (or a failure in a savepoint-less block) inside this block: undo back to here.
    state.needsRollback = false;
    await rollbackTo(state, name);
  } else {
    await tx.releaseSavepoint(name).execute();
  }
  return result;
}

async function withoutSavepoint<T>(connection: Connection, frame: AtomicFrame, fn: Body<T>): Promise<T> {
  try {
    return await runInFrame(connection, frame, fn);
  } catch (error) {
    // Without a savepoint there is nothing to roll back to: the enclosing block must roll back.
    frame.state.needsRollback = true;
    throw error;
  }
}

async function rollbackTo(state: TransactionState, name: string): Promise<void> {
  const tx = state.tx as unknown as SavepointApi;
  try {
    await tx.rollbackToSavepoint(name).execute();
  } catch {
    // The connection is unusable (e.g. the server dropped it); the outer block must roll back.
    state.needsRollback = true;
  }
  // Callbacks registered inside the rolled-back savepoint will never be committed.
  const kept = state.callbacks.filter((callback) => !callback.savepoints.includes(name));
  state.callbacks.splice(0, state.callbacks.length, ...kept);
}

interface SavepointApi {
  savepoint(name: string): { execute(): Promise<unknown> };
  rollbackToSavepoint(name: string): { execute(): Promise<unknown> };
  releaseSavepoint(name: string): { execute(): Promise<unknown> };
}

async function runCallbacks(alias: string, callbacks: readonly PendingCallback[]): Promise<void> {
  for (const callback of callbacks) {
    try {
      await callback.fn();
    } catch (error) {
      if (!callback.robust) throw error;
      getLogger('canter.db.transaction').error(`Error calling ${callback.fn.name || 'a callback'} in onCommit() (database '${alias}').`, { error });
    }
  }
}

/**
 * Runs `fn` after the outermost transaction commits: Django's on_commit(). Outside atomic() it
 * runs now. When the transaction (or the savepoint it was registered in) rolls back, it never runs.
 * `robust` logs the callback's error instead of throwing it.
 *
 * @example
 * await atomic(async () => {
 *   const order = await Order.objects.create({ … });
 *   await onCommit(() => mailer.send(order));
 * });
 */
export async function onCommit(fn: () => unknown, options: { using?: string; robust?: boolean } = {}): Promise<void> {
  if (typeof fn !== 'function') throw new TransactionManagementError(`onCommit() needs a function, not ${typeof fn}.`);
  const connection = connections.get(options.using ?? 'default');
  const frame = currentFrame(connection);
  const robust = options.robust === true;
  if (frame === undefined) return runCallbacks(connection.alias, [{ fn, savepoints: [], robust }]);
  frame.state.callbacks.push({ fn, savepoints: frame.savepoints, robust });
}

/** True outside atomic(): each query commits on its own (Django's get_autocommit()). */
export function getAutocommit(using = 'default'): boolean {
  return currentFrame(connections.get(using)) === undefined;
}

/** Whether the innermost atomic block will roll back instead of committing. */
export function getRollback(using = 'default'): boolean {
  return requireFrame(using, 'getRollback').state.needsRollback;
}

/**
 * Marks the innermost atomic block to roll back when it ends (true), or clears the mark (false):
 * Django's set_rollback().
 *
 * @example
 * await atomic(async () => { …; if (dryRun) setRollback(true); });
 */
export function setRollback(rollback: boolean, using = 'default'): void {
  requireFrame(using, 'setRollback').state.needsRollback = rollback;
}

function requireFrame(using: string, what: string): AtomicFrame {
  const frame = currentFrame(connections.get(using));
  if (frame === undefined) {
    throw new TransactionManagementError(`${what}() only works inside an atomic() block (database '${using}').`);
  }
  return frame;
}
