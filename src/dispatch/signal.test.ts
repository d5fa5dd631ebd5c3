import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Signal, receiver } from './signal.js';
import type { Receiver, SignalArgs } from './signal.js';

type Pizza = { toppings: string; size: string };

describe('connect and send', () => {
  it('calls receivers in the order connected and returns [receiver, answer] pairs in that order', () => {
    const signal = new Signal<{ n: number }>();
    const calls: string[] = [];
    const first = ({ n }: SignalArgs<{ n: number }>) => (calls.push('first'), n + 1);
    const second = ({ n }: SignalArgs<{ n: number }>) => (calls.push('second'), n * 10);
    signal.connect(first);
    signal.connect(second);
    expect(signal.send(undefined, { n: 4 })).toEqual([
      [first, 5],
      [second, 40],
    ]);
    expect(calls).toEqual(['first', 'second']);
  });

  it('passes the signal, the sender and the keyword arguments in one object', () => {
    const signal = new Signal<Pizza>('pizza_done');
    const seen: unknown[] = [];
    signal.connect((args) => seen.push(args));
    signal.send('seven', { toppings: '123', size: '456' });
    expect(seen).toEqual([{ signal, sender: 'seven', toppings: '123', size: '456' }]);
    expect((seen[0] as SignalArgs<Pizza>).signal).toBe(signal);
  });

  it('does not let kwargs named signal or sender override the real ones', () => {
    const signal = new Signal<{ sender: string }>();
    let got: unknown;
    signal.connect((args) => (got = args.sender));
    signal.send('real', { sender: 'forged' });
    expect(got).toBe('real');
  });

  it('returns an empty list when nobody listens', () => {
    expect(new Signal().send(undefined)).toEqual([]);
  });

  it('ignores a second connect of the same receiver', () => {
    const signal = new Signal();
    const fn = vi.fn();
    signal.connect(fn);
    signal.connect(fn);
    signal.send(undefined);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('refuses something that is not a function, naming the signal', () => {
    const signal = new Signal('bath_done');
    expect(() => signal.connect('nope' as unknown as Receiver)).toThrow(/bath_done\.connect\(\) needs a function, got string/);
  });

  it('is not disturbed by receivers that connect or disconnect others during send', () => {
    const signal = new Signal();
    const calls: string[] = [];
    const late = () => calls.push('late');
    const third = () => calls.push('third');
    signal.connect(() => {
      calls.push('first');
      signal.connect(late);
      signal.disconnect(third);
    });
    signal.connect(third);
    signal.send(undefined);
    expect(calls).toEqual(['first', 'third']);
    calls.length = 0;
    signal.send(undefined);
    expect(calls).toEqual(['first', 'late']);
  });
});

describe('senders', () => {
  it('calls a receiver connected for a sender only for that sender, compared by identity', () => {
    const signal = new Signal<object, object>();
    const a = { name: 'same' };
    const b = { name: 'same' };
    const forA = vi.fn();
    const forAll = vi.fn();
    signal.connect(forA, { sender: a });
    signal.connect(forAll);
    signal.send(b);
    expect(forA).not.toHaveBeenCalled();
    expect(forAll).toHaveBeenCalledTimes(1);
    signal.send(a);
    expect(forA).toHaveBeenCalledTimes(1);
    expect(forAll).toHaveBeenCalledTimes(2);
  });

  it('connects the same receiver once per sender', () => {
    const signal = new Signal<object, string>();
    const fn = vi.fn();
    signal.connect(fn, { sender: 'a' });
    signal.connect(fn, { sender: 'b' });
    signal.connect(fn, { sender: 'a' });
    signal.send('a');
    signal.send('b');
    signal.send('c');
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('reports listeners per sender', () => {
    const signal = new Signal<object, string>();
    expect(signal.hasListeners()).toBe(false);
    signal.connect(() => 1, { sender: 'a' });
    expect(signal.hasListeners('a')).toBe(true);
    expect(signal.hasListeners('b')).toBe(false);
    expect(signal.hasListeners()).toBe(false);
    signal.connect(() => 2);
    expect(signal.hasListeners('b')).toBe(true);
    expect(signal.hasListeners()).toBe(true);
  });

  it('treats null as a sender of its own, unlike an absent sender', () => {
    const signal = new Signal<object, string | null>();
    const fn = vi.fn();
    signal.connect(fn, { sender: null });
    signal.send('x');
    expect(fn).not.toHaveBeenCalled();
    signal.send(null);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('dispatchUid', () => {
  it('connects only the first receiver given a uid', () => {
    const signal = new Signal();
    const first = vi.fn();
    const second = vi.fn();
    signal.connect(first, { dispatchUid: 'my-unique-id' });
    signal.connect(second, { dispatchUid: 'my-unique-id' });
    signal.send(undefined);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
  });

  it('keys the uid by sender too', () => {
    const signal = new Signal<object, string>();
    const first = vi.fn();
    const second = vi.fn();
    signal.connect(first, { dispatchUid: 'uid', sender: 'a' });
    signal.connect(second, { dispatchUid: 'uid', sender: 'b' });
    signal.send('b');
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
  });

  it('keeps a receiver connected with and without a uid apart, as Django does', () => {
    const signal = new Signal();
    const fn = vi.fn();
    signal.connect(fn, { dispatchUid: 'uid' });
    signal.connect(fn);
    signal.send(undefined);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('disconnect', () => {
  it('disconnects by receiver and says whether one was connected', () => {
    const signal = new Signal();
    const fn = vi.fn();
    signal.connect(fn);
    expect(signal.disconnect(fn)).toBe(true);
    expect(signal.disconnect(fn)).toBe(false);
    signal.send(undefined);
    expect(fn).not.toHaveBeenCalled();
    expect(signal.hasListeners()).toBe(false);
  });

  it('disconnects by dispatchUid without the receiver', () => {
    const signal = new Signal();
    const fn = vi.fn();
    const other = vi.fn();
    signal.connect(fn, { dispatchUid: 'uid' });
    signal.connect(other);
    expect(signal.disconnect(undefined, { dispatchUid: 'uid' })).toBe(true);
    expect(signal.disconnect(undefined, { dispatchUid: 'uid' })).toBe(false);
    signal.send(undefined);
    expect(fn).not.toHaveBeenCalled();
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('needs the sender a receiver was connected for', () => {
    const signal = new Signal<object, string>();
    const fn = vi.fn();
    signal.connect(fn, { sender: 'a' });
    expect(signal.disconnect(fn)).toBe(false);
    expect(signal.disconnect(fn, { sender: 'b' })).toBe(false);
    expect(signal.disconnect(fn, { sender: 'a' })).toBe(true);
    expect(signal.hasListeners('a')).toBe(false);
  });

  it('leaves other receivers in place and in order', () => {
    const signal = new Signal();
    const calls: number[] = [];
    const fns = [0, 1, 2, 3].map((i) => () => calls.push(i));
    for (const fn of fns) signal.connect(fn);
    signal.disconnect(fns[1]);
    signal.send(undefined);
    expect(calls).toEqual([0, 2, 3]);
  });
});

describe('errors in receivers', () => {
  it('send() propagates the first error and skips the receivers after it', () => {
    const signal = new Signal();
    const after = vi.fn();
    signal.connect(() => {
      throw new Error('boom');
    });
    signal.connect(after);
    expect(() => signal.send(undefined)).toThrow('boom');
    expect(after).not.toHaveBeenCalled();
  });

  it('sendRobust() runs every receiver and returns each error as its answer', () => {
    const signal = new Signal();
    const boom = new Error('boom');
    const failing = () => {
      throw boom;
    };
    const after = () => 'after';
    signal.connect(failing);
    signal.connect(after);
    expect(signal.sendRobust(undefined)).toEqual([
      [failing, boom],
      [after, 'after'],
    ]);
  });

  it('send() throws a TypeError naming asend() for an async receiver, and swallows its rejection', async () => {
    const signal = new Signal('user_logged_in');
    signal.connect(async function notify() {
      throw new Error('rejected later');
    });
    expect(() => signal.send(undefined)).toThrow(TypeError);
    expect(() => signal.send(undefined)).toThrow(/user_logged_in: receiver notify returned a Promise .*asend\(\)/);
    await new Promise((resolve) => setTimeout(resolve, 0)); // an unhandled rejection would fail the run here
  });

  it('sendRobust() answers an async receiver with a TypeError naming asendRobust()', async () => {
    const signal = new Signal();
    signal.connect(async () => {
      throw new Error('rejected later');
    });
    const [[, answer]] = signal.sendRobust(undefined) as [[Receiver, unknown]];
    expect(answer).toBeInstanceOf(TypeError);
    expect(String(answer)).toMatch(/asendRobust\(\)/);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});

describe('receiver()', () => {
  it('connects the function and returns it unchanged', () => {
    const pizzaDone = new Signal<Pizza>('pizza_done');
    const fn = ({ toppings }: SignalArgs<Pizza>) => toppings;
    expect(receiver(pizzaDone)(fn)).toBe(fn);
    expect(pizzaDone.send('seven', { toppings: 'ham', size: 'L' })).toEqual([[fn, 'ham']]);
  });

  it('connects to several signals at once, with options', () => {
    const saved = new Signal<{ id: number }, string>('saved');
    const deleted = new Signal<{ id: number }, string>('deleted');
    const seen: string[] = [];
    receiver([saved, deleted], { sender: 'Book', dispatchUid: 'audit' })(({ signal, id }) => {
      seen.push(`${signal.name} ${id}`);
    });
    receiver([saved, deleted], { sender: 'Book', dispatchUid: 'audit' })(() => seen.push('duplicate'));
    saved.send('Book', { id: 1 });
    deleted.send('Book', { id: 2 });
    saved.send('Author', { id: 3 });
    expect(seen).toEqual(['saved 1', 'deleted 2']);
  });
});

// Django's documentation example of a custom signal.
describe('pizza_done (Django docs)', () => {
  it('reaches a receiver connected for the sender, with toppings and size', () => {
    const pizzaDone = new Signal<Pizza, string>('pizza_done');
    const log: string[] = [];
    receiver(pizzaDone, { sender: 'seven' })(({ sender, toppings, size }) => {
      log.push(`${sender}: ${toppings} / ${size}`);
    });
    receiver(pizzaDone, { sender: 'pizza-hut' })(() => log.push('wrong shop'));
    pizzaDone.send('seven', { toppings: '123', size: '456' });
    expect(log).toEqual(['seven: 123 / 456']);
  });
});

// Seed 004's custom signal: bath_done = Signal(providing_args=['amount', 'temperature']),
// @receiver(bath_done) def my_action(sender, **kwargs), bath_done.send(sender='斯嘉丽', ...).
describe('bath_done (seed 004)', () => {
  it('prints the sender, then the keyword arguments, then the message', () => {
    const bathDone = new Signal<{ amount: string; temperature: string }, string>('bath_done');
    const printed: unknown[] = [];
    receiver(bathDone)(function myAction({ sender, ...kwargs }) {
      printed.push(sender, kwargs, '脱衣服泡个澡吧!');
    });
    bathDone.send('斯嘉丽', { amount: '一浴缸', temperature: '40°' });
    expect(printed).toEqual(['斯嘉丽', { signal: bathDone, amount: '一浴缸', temperature: '40°' }, '脱衣服泡个澡吧!']);
  });
});

describe('types', () => {
  it('checks receivers and send() arguments against the signal at compile time', () => {
    const pizzaDone = new Signal<Pizza, string>('pizza_done');
    const bare = new Signal('bare');

    expectTypeOf<Parameters<Receiver<Pizza, string>>[0]>().toEqualTypeOf<SignalArgs<Pizza, string>>();
    expectTypeOf<SignalArgs<Pizza, string>['toppings']>().toEqualTypeOf<string>();
    expectTypeOf<SignalArgs<Pizza, string>['sender']>().toEqualTypeOf<string>();
    expectTypeOf(pizzaDone.send).parameter(1).toEqualTypeOf<Pizza>();

    // Never called: these lines exist for the compiler, which must reject each one.
    const compileOnly = (): void => {
      // @ts-expect-error -- a receiver that wants kwargs this signal does not send
      pizzaDone.connect(({ amount }: SignalArgs<{ amount: number }, string>) => amount);
      // @ts-expect-error -- reading a kwarg the signal does not declare
      pizzaDone.connect(({ colour }) => colour);
      // @ts-expect-error -- send() without the signal's kwargs
      pizzaDone.send('seven');
      // @ts-expect-error -- send() with one kwarg missing
      pizzaDone.send('seven', { toppings: 'ham' });
      // @ts-expect-error -- a kwarg of the wrong type
      pizzaDone.send('seven', { toppings: 'ham', size: 12 });
      // @ts-expect-error -- a sender of the wrong type
      pizzaDone.send(7, { toppings: 'ham', size: 'L' });
      // @ts-expect-error -- receiver() checks the decorated function too
      receiver(pizzaDone)(({ temperature }: SignalArgs<{ temperature: string }, string>) => temperature);
      bare.send(undefined);
      bare.send(undefined, {});
    };
    expect(typeof compileOnly).toBe('function');
  });
});
