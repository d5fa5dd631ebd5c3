import { describe, expect, it } from 'vitest';
import { acquireWithin, withDeadline } from './deadline.js';

const later = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('withDeadline', () => {
  it('settles like the work when it finishes in time, and abandons nothing', async () => {
    let abandoned = false;
    await expect(withDeadline(later(5, 'rows'), 200, () => new Error('late'), () => (abandoned = true))).resolves.toBe('rows');
    await expect(withDeadline(Promise.reject(new Error('refused')), 200, () => new Error('late'), () => undefined)).rejects.toThrow('refused');
    expect(abandoned).toBe(false);
  });

  it('rejects at the deadline and abandons the work, whose late failure goes nowhere', async () => {
    let abandoned = false;
    let fail: (error: Error) => void = () => undefined;
    const stuck = new Promise<string>((_resolve, reject) => (fail = reject));
    const started = Date.now();
    await expect(withDeadline(stuck, 30, () => new Error('late'), () => (abandoned = true))).rejects.toThrow('late');
    expect(Date.now() - started).toBeLessThan(500);
    expect(abandoned).toBe(true);
    fail(new Error('socket closed'));
    await later(5, undefined);
  });

  it('waits as long as it takes without a limit', async () => {
    await expect(withDeadline(later(20, 1), undefined, () => new Error('late'), () => undefined)).resolves.toBe(1);
  });
});

describe('acquireWithin', () => {
  it('gives a connection that arrives after the deadline straight back', async () => {
    const givenBack: string[] = [];
    await expect(acquireWithin(() => later(60, 'conn'), 10, () => new Error('no connection'), (c) => givenBack.push(c))).rejects.toThrow('no connection');
    await later(80, undefined);
    expect(givenBack).toEqual(['conn']);
  });

  it('keeps a connection that arrives in time', async () => {
    const givenBack: string[] = [];
    await expect(acquireWithin(() => later(5, 'conn'), 200, () => new Error('no connection'), (c) => givenBack.push(c))).resolves.toBe('conn');
    expect(givenBack).toEqual([]);
  });
});
