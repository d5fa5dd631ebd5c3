import { describe, expect, it } from 'vitest';
import { firstAnswer, andThen, isThenable } from './maybe-promise.js';

type Step = (log: string[]) => unknown;

const callStep = (step: Step, log: string[]): unknown => step(log);

/** A step that logs its name and answers `answer` (wrapped in a Promise when `wait`). */
function step(name: string, answer: unknown, wait = false): Step {
  return (log) => {
    log.push(name);
    return wait ? Promise.resolve(answer) : answer;
  };
}

describe('isThenable', () => {
  it('tells promises and other thenables from plain values', () => {
    expect(isThenable(Promise.resolve(1))).toBe(true);
    expect(isThenable({ then: () => undefined })).toBe(true);
    expect(isThenable(Object.assign(() => undefined, { then: () => undefined }))).toBe(true);
    for (const value of [undefined, null, 0, 'then', {}, { then: 1 }, () => undefined]) expect(isThenable(value)).toBe(false);
  });
});

describe('andThen', () => {
  it('calls fn at once for a plain value and returns its answer, not a Promise', () => {
    const answer = andThen(2, (n: number, a: number, b: number) => n + a + b, 3, 4);
    expect(answer).toBe(9);
  });

  it('chains on a Promise, handing on the extra arguments', async () => {
    const answer = andThen(Promise.resolve(2), (n: number, a: number) => n * a, 5);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe(10);
  });

  it('waits for a foreign thenable and returns a real Promise', async () => {
    const foreign: PromiseLike<number> = { then: (resolve) => Promise.resolve(resolve?.(7)) as never };
    const answer = andThen(foreign, (n: number) => n + 1);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe(8);
  });

  it('throws synchronously what fn throws for a plain value, and rejects with it for a Promise', async () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    expect(() => andThen(1, boom)).toThrow('boom');
    await expect(andThen(Promise.resolve(1), boom)).rejects.toThrow('boom');
  });

  it('passes a rejection through without calling fn', async () => {
    let called = false;
    const answer = andThen(Promise.reject(new Error('no')), () => (called = true));
    await expect(answer).rejects.toThrow('no');
    expect(called).toBe(false);
  });
});

describe('firstAnswer', () => {
  it('stays synchronous when no step waits: the first answer, later steps not called', () => {
    const log: string[] = [];
    const answer = firstAnswer([step('a', undefined), step('b', null), step('c', 'C'), step('d', 'D')], callStep, log, undefined);
    expect(answer).toBe('C');
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('answers undefined, synchronously, when no step answers (and for no steps)', () => {
    const log: string[] = [];
    expect(firstAnswer([step('a', null), step('b', undefined)], callStep, log, undefined)).toBeUndefined();
    expect(firstAnswer([], callStep, log, undefined)).toBeUndefined();
    expect(log).toEqual(['a', 'b']);
  });

  it('hands both extra arguments to every call', () => {
    const seen: unknown[] = [];
    firstAnswer([1, 2], (s: number, a: string, b: string) => void seen.push([s, a, b]), 'x', 'y');
    expect(seen).toEqual([
      [1, 'x', 'y'],
      [2, 'x', 'y'],
    ]);
  });

  it('continues in order after a step waits, each step called once, the next only after the wait', async () => {
    const log: string[] = [];
    const answer = firstAnswer([step('a', null), step('b', undefined, true), step('c', null), step('d', 'D', true), step('e', 'E')], callStep, log, undefined);
    expect(answer).toBeInstanceOf(Promise);
    expect(log).toEqual(['a', 'b']);
    expect(await answer).toBe('D');
    expect(log).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a waiting step that answers ends the walk', async () => {
    const log: string[] = [];
    const answer = firstAnswer([step('a', 'A', true), step('b', 'B')], callStep, log, undefined);
    expect(await answer).toBe('A');
    expect(log).toEqual(['a']);
  });

  it('answers a Promise of undefined when steps waited and none answered', async () => {
    const answer = firstAnswer([step('a', null, true), step('b', undefined)], callStep, [], undefined);
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBeUndefined();
  });

  it('throws synchronously an error thrown before anything waited; later steps not called', () => {
    const log: string[] = [];
    const failing: Step = () => {
      throw new Error('sync');
    };
    expect(() => firstAnswer([step('a', null), failing, step('c', 'C')], callStep, log, undefined)).toThrow('sync');
    expect(log).toEqual(['a']);
  });

  it('rejects with an error thrown after a wait, as with a rejected step; later steps not called', async () => {
    const thrown: Step = () => {
      throw new Error('thrown');
    };
    const rejected: Step = () => Promise.reject(new Error('rejected'));
    for (const [failing, message] of [
      [thrown, 'thrown'],
      [rejected, 'rejected'],
    ] as const) {
      const log: string[] = [];
      const answer = firstAnswer([step('a', null, true), failing, step('c', 'C')], callStep, log, undefined);
      expect(answer).toBeInstanceOf(Promise);
      await expect(answer).rejects.toThrow(message);
      expect(log).toEqual(['a']);
    }
  });

  it('an async caller sees the same error whether a step threw or rejected', async () => {
    const run = async (failing: Step) => {
      try {
        await firstAnswer([failing], callStep, [], undefined);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const thrown = await run(() => {
      throw new Error('same');
    });
    const rejected = await run(() => Promise.reject(new Error('same')));
    expect([thrown, rejected]).toEqual(['same', 'same']);
  });
});
