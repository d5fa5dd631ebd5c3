import { isThenable } from '../../utils/maybe-promise.js';

/**
 * Runs a LiquidJS render (a tree of generators) synchronously for as long as nothing it yields is
 * a Promise, and asynchronously from the first one on, without starting again.
 *
 * LiquidJS offers two drivers: toPromise(), which awaits every step (a microtask and a Promise per
 * tag, filter and variable), and toValueSync(), which hands a yielded Promise back to the template
 * unawaited (`[object Promise]` on the page). A page whose values and tags are all synchronous,
 * the common case, needs no awaiting; one with an async context value, a Promise-valued property
 * or `{% cache %}` (whose cache calls are async) does. This driver gives each render what it
 * needs: the same steps in the same order as toPromise(), the same values and errors, awaiting
 * only where a Promise actually appears and going on synchronously again after each wait. What it
 * returns is the render's value, or a Promise of it once the render had to wait.
 *
 * @example const html = await settle(liquid.renderer.renderTemplates(nodes, ctx));
 */
export function settle(steps: Iterator<unknown, unknown, unknown>): unknown {
  return run(steps, undefined, false);
}

/** Steps the render on from `input` (thrown into it when `failed`) until it is done or must wait. */
function run(steps: Iterator<unknown, unknown, unknown>, input: unknown, failed: boolean): unknown {
  const next = nextOf(steps);
  for (;;) {
    const step = failed ? throwInto(steps, input) : next.call(steps, input);
    if (step.done === true) return step.value;
    failed = false;
    input = step.value;
    if (isIterator(input)) {
      try {
        input = settle(input);
      } catch (error) {
        input = error;
        failed = true;
        continue;
      }
    }
    if (isThenable(input)) return resume(steps, input);
  }
}

/** Waits for what the render yielded, hands it back (or throws it in), and runs on synchronously again. */
async function resume(steps: Iterator<unknown, unknown, unknown>, pending: PromiseLike<unknown>): Promise<unknown> {
  let input: unknown;
  let failed = false;
  try {
    input = await pending;
  } catch (error) {
    input = error;
    failed = true;
  }
  return run(steps, input, failed);
}

function throwInto(steps: Iterator<unknown, unknown, unknown>, error: unknown): IteratorResult<unknown, unknown> {
  if (steps.throw === undefined) throw error;
  return steps.throw(error);
}

// Most steps are generators of many functions, so of many shapes: asking each for its `next`,
// `throw` and `return` is slow (a lookup that no cache can keep). What every generator inherits
// from, and its `next`, are found once; other iterators are asked as LiquidJS asks them.
const GENERATOR = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as Generator<unknown, unknown, unknown>;
const generatorNext = GENERATOR.next;
const inherits = Object.prototype.isPrototypeOf;

function nextOf(steps: Iterator<unknown, unknown, unknown>): Iterator<unknown, unknown, unknown>['next'] {
  return inherits.call(GENERATOR, steps) ? (generatorNext as Iterator<unknown, unknown, unknown>['next']) : steps.next;
}

/** As LiquidJS tells an iterator (a generator) from a value. */
function isIterator(value: unknown): value is Iterator<unknown, unknown, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (inherits.call(GENERATOR, value)) return true;
  const v = value as Partial<Generator<unknown, unknown, unknown>>;
  return typeof v.next === 'function' && typeof v.throw === 'function' && typeof v.return === 'function';
}
