/**
 * Keeps calls off a server that has just failed to answer. Without it, every call to a hung server
 * (SIGSTOP, a dead link: sockets stay open, nothing answers) waits out SOCKET_TIMEOUT or
 * SOCKET_CONNECT_TIMEOUT on its own, so a request making three cache calls waits three times as
 * long. After a failure the breaker fails calls at once for `retryMs`; then calls go through
 * again (the ones made together share one new connection, so they wait once, together), and the
 * first answer closes it. No single-probe rule: a burst that arrives just as the server comes back
 * is served, not failed.
 *
 * One breaker guards one server (a Redis endpoint, one memcached server of a ring), so a dead
 * server never slows the calls to the live ones.
 *
 * @example
 * const refused = breaker.refuse();
 * if (refused !== undefined) throw new CacheUnavailable(`… ${refused}`);
 * call().then(() => breaker.succeeded(), (error) => breaker.failed(error.message));
 */
export class CircuitBreaker {
  /** How long calls fail at once after a failure, in milliseconds. */
  readonly retryMs: number;
  /** 0 while closed (the fast path is one comparison); else until when calls fail at once. */
  #openUntil = 0;
  #reason = '';

  constructor(retryMs: number) {
    this.retryMs = retryMs;
  }

  /** Why this call must fail at once, or undefined when it may go ahead. */
  refuse(): string | undefined {
    if (this.#openUntil === 0 || performance.now() >= this.#openUntil) return undefined;
    return `it failed moments ago (${this.#reason}); calls are tried again ${this.retryMs / 1000} s after a failure`;
  }

  /** The server answered: calls go through again. */
  succeeded(): void {
    if (this.#openUntil === 0) return;
    this.#openUntil = 0;
  }

  /** The server did not answer (or could not be reached): fail calls at once for a while. */
  failed(reason: string): void {
    const now = performance.now();
    // The calls that fail with the first (a dropped connection rejects them all) say less about why.
    if (now >= this.#openUntil) this.#reason = reason;
    this.#openUntil = now + this.retryMs;
  }

  /** Whether calls fail at once now. */
  get open(): boolean {
    return this.#openUntil !== 0 && performance.now() < this.#openUntil;
  }
}

/** The pause between a failure and the next attempt: short, so a server that is back is used again within a second. */
export const RETRY_AFTER_MS = 500;
