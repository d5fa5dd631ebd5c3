import { afterEach, describe, expect, it, vi } from 'vitest';
import { Signal } from './signal.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A WeakRef whose target the test can drop, standing in for the garbage collector. */
class FakeWeakRef<T extends object> {
  static readonly all: Array<FakeWeakRef<object>> = [];
  target: T | undefined;
  derefs = 0;
  constructor(target: T) {
    this.target = target;
    FakeWeakRef.all.push(this as FakeWeakRef<object>);
  }
  deref(): T | undefined {
    this.derefs++;
    return this.target;
  }
  static collect(target: object): void {
    for (const ref of FakeWeakRef.all) if (ref.target === target) ref.target = undefined;
  }
}

describe('weak receivers', () => {
  it('holds a weak receiver through a WeakRef and a strong one directly', () => {
    vi.stubGlobal('WeakRef', FakeWeakRef);
    FakeWeakRef.all.length = 0;
    const signal = new Signal();
    signal.connect(() => 'strong');
    signal.connect(() => 'weak', { weak: true });
    expect(FakeWeakRef.all).toHaveLength(1);
    expect(signal.send(undefined).map(([, answer]) => answer)).toEqual(['strong', 'weak']);
  });

  it('stops calling a weak receiver once it is collected, and forgets it', () => {
    vi.stubGlobal('WeakRef', FakeWeakRef);
    FakeWeakRef.all.length = 0;
    const signal = new Signal();
    const weak = vi.fn();
    const strong = vi.fn();
    signal.connect(weak, { weak: true });
    signal.connect(strong);
    expect(signal.hasListeners()).toBe(true);
    FakeWeakRef.collect(weak);
    signal.send(undefined);
    expect(weak).not.toHaveBeenCalled();
    expect(strong).toHaveBeenCalledTimes(1);
    const ref = FakeWeakRef.all[0]!;
    const derefsAfterPrune = ref.derefs;
    signal.send(undefined);
    signal.hasListeners();
    expect(ref.derefs).toBe(derefsAfterPrune);
  });

  it('has no listeners once its only weak receiver is collected', () => {
    vi.stubGlobal('WeakRef', FakeWeakRef);
    FakeWeakRef.all.length = 0;
    const signal = new Signal();
    const weak = () => 1;
    signal.connect(weak, { weak: true });
    FakeWeakRef.collect(weak);
    expect(signal.hasListeners()).toBe(false);
    expect(signal.send(undefined)).toEqual([]);
  });

  const gc = (globalThis as { gc?: () => void }).gc;
  it.runIf(typeof gc === 'function')('lets the garbage collector take a weak receiver (real GC)', async () => {
    // Runs when the workers have gc: NODE_OPTIONS=--expose-gc npx vitest run src/dispatch
    const signal = new Signal();
    (() => {
      signal.connect(() => 'temporary', { weak: true });
      signal.connect(() => 'kept');
    })();
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc!();
    expect(signal.send(undefined).map(([, answer]) => answer)).toEqual(['kept']);
  });
});

