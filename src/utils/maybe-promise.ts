/**
 * The sync-first toolkit: answer now when nothing waited, else continue asynchronously.
 *
 * Most hooks, views and cache reads on a request's way through answer synchronously; awaiting
 * them anyway would cost a Promise and a microtask each, which on a pass-through request is most
 * of what a middleware costs. Code on the request path therefore takes `MaybePromise` values and
 * makes a Promise only where something actually returned one. These helpers are that rule written
 * once. They take up to two extra arguments to hand on, so a caller passes per-request values
 * instead of making a closure: on the all-synchronous path they allocate nothing.
 *
 * This module is the ground floor: it imports nothing, so every subsystem may use it.
 */

/** A value, or a Promise of it: what a sync-first function returns. */
export type MaybePromise<T> = T | Promise<T>;

/** What a step of firstAnswer() returns when it has nothing to say: go on to the next. */
type NoAnswer = null | undefined | void;

/**
 * True for promises and other thenables (an object or function with a `then` method, as the
 * Promises/A+ rule has it, so a foreign Promise implementation is awaited too).
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * `fn(value, a, b)` now for a plain value; once it settles for a thenable (a rejection passes
 * through untouched). An error `fn` throws is thrown synchronously on the first path and rejects
 * the Promise on the second, as it would in the equivalent `async` code that awaited.
 * (Not named `then`: a module exporting `then` is itself a thenable, and `await import()` of it
 * would call that.)
 *
 * @example
 * // No closure per call: the request travels as an extra argument.
 * return andThen(view(request), storePage, pages, request);
 */
export function andThen<T, R>(value: T | PromiseLike<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R>;
export function andThen<T, R, A>(value: T | PromiseLike<T>, fn: (value: T, a: A) => MaybePromise<R>, a: A): MaybePromise<R>;
export function andThen<T, R, A, B>(value: T | PromiseLike<T>, fn: (value: T, a: A, b: B) => MaybePromise<R>, a: A, b: B): MaybePromise<R>;
export function andThen<T, R, A, B>(value: T | PromiseLike<T>, fn: (value: T, a: A, b: B) => MaybePromise<R>, a?: A, b?: B): MaybePromise<R> {
  // The waiting half is its own function so that this one stays small enough for V8 to inline at
  // each call site, where `fn` is then a direct call (measured: ~40 ns less on the bench's request).
  return isThenable(value) ? andThenLater(value, fn, a as A, b as B) : fn(value, a as A, b as B);
}

function andThenLater<T, R, A, B>(value: PromiseLike<T>, fn: (value: T, a: A, b: B) => MaybePromise<R>, a: A, b: B): Promise<R> {
  // Promise.resolve hands a native Promise back as it is; it only wraps a foreign thenable.
  return Promise.resolve(value).then((settled) => fn(settled, a, b));
}

/**
 * Calls `call(step, a, b)` for each step in order and returns the first answer that is not
 * null/undefined, or undefined when none answers; the steps after it are not called. It stays
 * synchronous until a step returns a thenable, awaits that one, and goes on synchronously again
 * from the next step. An error ends the walk: thrown if nothing had waited yet, else a rejection.
 * Steps that never answer (they act and return nothing) all run: a sync-first forEach.
 *
 * @example
 * // processView hooks, outermost first; the first response wins.
 * const early = firstAnswer(viewHooks, callViewHook, request, match);
 * if (isThenable(early)) return finishLater(request, match, early);
 */
export function firstAnswer<S, A, B, R>(
  steps: readonly S[],
  call: (step: S, a: A, b: B) => R | NoAnswer | PromiseLike<R | NoAnswer>,
  a: A,
  b: B,
): MaybePromise<R | undefined> {
  return firstFrom(steps, 0, call, a, b);
}

function firstFrom<S, A, B, R>(
  steps: readonly S[],
  from: number,
  call: (step: S, a: A, b: B) => R | NoAnswer | PromiseLike<R | NoAnswer>,
  a: A,
  b: B,
): MaybePromise<R | undefined> {
  for (let i = from; i < steps.length; i++) {
    const answer = call(steps[i]!, a, b);
    if (isThenable(answer)) return answerLater(steps, i, answer, call, a, b);
    if (answer != null) return answer as R;
  }
  return undefined;
}

async function answerLater<S, A, B, R>(
  steps: readonly S[],
  at: number,
  pending: PromiseLike<R | NoAnswer>,
  call: (step: S, a: A, b: B) => R | NoAnswer | PromiseLike<R | NoAnswer>,
  a: A,
  b: B,
): Promise<R | undefined> {
  const answer = await pending;
  if (answer != null) return answer as R;
  return firstFrom(steps, at + 1, call, a, b);
}
