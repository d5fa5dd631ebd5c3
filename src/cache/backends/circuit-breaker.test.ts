import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

describe('CircuitBreaker', () => {
  afterEach(() => vi.useRealTimers());

  it('lets every call through while the server answers', () => {
    const breaker = new CircuitBreaker(500);
    expect(breaker.refuse()).toBeUndefined();
    breaker.succeeded();
    expect([breaker.refuse(), breaker.open]).toStrictEqual([undefined, false]);
  });

  it('after a failure refuses calls for retryMs, naming the failure, then lets them through again', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const breaker = new CircuitBreaker(500);
    breaker.failed('no answer within 1 s (OPTIONS.SOCKET_TIMEOUT)');
    expect(breaker.refuse()).toBe('it failed moments ago (no answer within 1 s (OPTIONS.SOCKET_TIMEOUT)); calls are tried again 0.5 s after a failure');
    expect(breaker.open).toBe(true);
    vi.advanceTimersByTime(499);
    expect(breaker.refuse()).toBeDefined();
    vi.advanceTimersByTime(1);
    // Every call may go now, not only one probe: a burst arriving as the server returns is served.
    expect([breaker.refuse(), breaker.refuse(), breaker.open]).toStrictEqual([undefined, undefined, false]);
  });

  it('a failed retry opens it again; an answer closes it at once', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const breaker = new CircuitBreaker(500);
    breaker.failed('refused');
    vi.advanceTimersByTime(500);
    breaker.failed('still refused');
    expect(breaker.refuse()).toMatch(/still refused/);
    breaker.succeeded(); // a call made before the failure was answered after all: the server is up
    expect(breaker.refuse()).toBeUndefined();
  });
});
