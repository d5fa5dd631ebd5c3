import { describe, expect, it, vi } from 'vitest';
import { Signal } from './signal.js';
import type { SignalArgs } from './signal.js';

describe('asend and asendRobust', () => {
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('awaits async receivers and returns answers in connection order, not finishing order', async () => {
    const signal = new Signal<{ n: number }>();
    const finished: string[] = [];
    const slow = async ({ n }: SignalArgs<{ n: number }>) => {
      await delay(20);
      finished.push('slow');
      return n + 1;
    };
    const sync = ({ n }: SignalArgs<{ n: number }>) => n * 2;
    const fast = async ({ n }: SignalArgs<{ n: number }>) => {
      await delay(1);
      finished.push('fast');
      return n * 3;
    };
    signal.connect(slow);
    signal.connect(sync);
    signal.connect(fast);
    const answers = await signal.asend(undefined, { n: 5 });
    expect(finished).toEqual(['fast', 'slow']);
    expect(answers).toEqual([
      [slow, 6],
      [sync, 10],
      [fast, 15],
    ]);
  });

  it('filters by sender like send()', async () => {
    const signal = new Signal<object, string>();
    const fn = vi.fn(async () => 'x');
    signal.connect(fn, { sender: 'a' });
    expect(await signal.asend('b')).toEqual([]);
    expect(await signal.asend('a')).toEqual([[fn, 'x']]);
  });

  it('rejects with a receiver error', async () => {
    const signal = new Signal();
    signal.connect(async () => {
      await delay(1);
      throw new Error('async boom');
    });
    await expect(signal.asend(undefined)).rejects.toThrow('async boom');
  });

  it('leaves no unhandled rejection when a sync receiver throws after an async one failed', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const signal = new Signal();
      signal.connect(async () => {
        throw new Error('async first');
      });
      signal.connect(() => {
        throw new Error('sync second');
      });
      await expect(signal.asend(undefined)).rejects.toThrow(/first|second/);
      await delay(5);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('asendRobust() runs every receiver and returns errors, sync or async, as answers', async () => {
    const signal = new Signal();
    const syncError = new Error('sync');
    const asyncError = new Error('async');
    const syncFail = () => {
      throw syncError;
    };
    const asyncFail = async () => {
      await delay(1);
      throw asyncError;
    };
    const fine = async () => 'fine';
    signal.connect(syncFail);
    signal.connect(asyncFail);
    signal.connect(fine);
    expect(await signal.asendRobust(undefined)).toEqual([
      [syncFail, syncError],
      [asyncFail, asyncError],
      [fine, 'fine'],
    ]);
  });

  it('returns an empty list when nobody listens', async () => {
    expect(await new Signal().asend(undefined)).toEqual([]);
    expect(await new Signal().asendRobust(undefined)).toEqual([]);
  });
});

