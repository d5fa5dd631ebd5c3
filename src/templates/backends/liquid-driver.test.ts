import fc from 'fast-check';
import { toPromise } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { settle } from './liquid-driver.js';

/**
 * A render is a tree of generators; a step yields a value, a Promise (kept or broken), a nested
 * generator, or throws. The driver must run any such tree as LiquidJS's toPromise() does: the
 * same steps in the same order, the same result or error.
 */
type Step =
  | { kind: 'value'; value: number }
  | { kind: 'promise'; value: number }
  | { kind: 'rejected'; value: number }
  | { kind: 'nested'; program: Program }
  | { kind: 'throw'; value: number };

interface Program {
  readonly steps: readonly Step[];
  /** What the generator returns: a value, or a Promise of it. */
  readonly returns: { kind: 'value' | 'promise'; value: number };
  /** Whether a failure thrown into it is caught (and logged) or escapes. */
  readonly catches: boolean;
}

const programs = fc.letrec<{ program: Program; step: Step }>((tie) => ({
  program: fc.record({
    steps: fc.array(tie('step'), { maxLength: 5 }),
    returns: fc.record({ kind: fc.constantFrom('value' as const, 'promise' as const), value: fc.integer() }),
    catches: fc.boolean(),
  }),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('value' as const), value: fc.integer() }),
    fc.record({ kind: fc.constant('promise' as const), value: fc.integer() }),
    fc.record({ kind: fc.constant('rejected' as const), value: fc.integer() }),
    fc.record({ kind: fc.constant('throw' as const), value: fc.integer() }),
    fc.record({ kind: fc.constant('nested' as const), program: tie('program') as fc.Arbitrary<Program> }),
  ),
})).program;

function* run(program: Program, log: string[], path: string): Generator<unknown, unknown, unknown> {
  for (const [i, step] of program.steps.entries()) {
    const at = `${path}.${i}`;
    try {
      let got: unknown;
      if (step.kind === 'value') got = yield step.value;
      else if (step.kind === 'promise') got = yield Promise.resolve(step.value);
      else if (step.kind === 'rejected') got = yield Promise.reject(new Error(`broken ${at}`));
      else if (step.kind === 'nested') got = yield run(step.program, log, at);
      else throw new Error(`thrown ${at}`);
      log.push(`${at} got ${String(got)}`);
    } catch (error) {
      log.push(`${at} caught ${(error as Error).message}`);
      if (!program.catches) throw error;
    }
  }
  log.push(`${path} returns`);
  return program.returns.kind === 'value' ? program.returns.value : Promise.resolve(program.returns.value);
}

async function outcome(drive: (steps: Generator<unknown, unknown, unknown>) => unknown, program: Program): Promise<{ log: string[]; result: unknown }> {
  const log: string[] = [];
  try {
    return { log, result: await drive(run(program, log, 'root')) };
  } catch (error) {
    return { log, result: `error: ${(error as Error).message}` };
  }
}

describe('settle', () => {
  it('runs any tree of steps as toPromise() does: same order, same result, same errors', async () => {
    await fc.assert(
      fc.asyncProperty(programs, async (program) => {
        const expected = await outcome((steps) => toPromise(steps), program);
        const actual = await outcome(settle, program);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('answers synchronously when no step is a Promise', () => {
    function* inner(): Generator<unknown, string, unknown> {
      const a = (yield 'a') as string;
      return `${a}b`;
    }
    function* outer(): Generator<unknown, string, unknown> {
      const ab = (yield inner()) as string;
      return `${ab}c`;
    }
    expect(settle(outer())).toBe('abc');
  });

  it('goes async at the first Promise and carries on from there without starting again', async () => {
    const seen: string[] = [];
    function* steps(): Generator<unknown, string, unknown> {
      seen.push('start');
      const later = (yield Promise.resolve('later')) as string;
      seen.push(later);
      return 'done';
    }
    const answer = settle(steps());
    expect(answer).toBeInstanceOf(Promise);
    expect(seen).toEqual(['start']);
    expect(await answer).toBe('done');
    expect(seen).toEqual(['start', 'later']);
  });
});
