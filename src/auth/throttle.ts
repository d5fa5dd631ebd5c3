import { createHash } from 'node:crypto';
import type { BaseCache } from '../cache/base.js';
import { caches } from '../cache/registry.js';
import { getLogger } from '../conf/log.js';
import type { LoginThrottleSettings, Settings } from '../conf/settings/index.js';
import type { HttpRequest } from '../http/request.js';
import { LoginThrottled } from './errors.js';

/** What a login attempt may do: go on (after `delayMs`), or be refused for `retryAfter` seconds. */
type Verdict = { readonly refused: false; readonly delayMs: number } | { readonly refused: true; readonly retryAfter: number };

const logger = getLogger('canter.security.auth');

/**
 * Beyond Django: repeated failed logins for one username are slowed, then refused for a while,
 * and so are those from one client address, counted in a CACHES alias so that several processes
 * share the count. Only logins made with a request are counted (a view's authenticate(request, …));
 * a cache that fails lets logins through (logged), never blocks them.
 */
export class LoginThrottle {
  readonly #alias: string;
  readonly #window: number;
  readonly #slowAfter: number;
  readonly #refuseAfter: number;
  readonly #refuseAddressAfter: number;
  readonly #maxDelayMs: number;

  constructor(options: LoginThrottleSettings) {
    this.#alias = options.CACHE ?? 'default';
    this.#window = options.WINDOW ?? 900;
    this.#slowAfter = options.SLOW_AFTER ?? 3;
    this.#refuseAfter = options.REFUSE_AFTER ?? 10;
    this.#refuseAddressAfter = options.REFUSE_ADDRESS_AFTER ?? 50;
    this.#maxDelayMs = (options.MAX_DELAY ?? 8) * 1000;
  }

  /** Built from the settings, or null when LOGIN_THROTTLE is null (off). */
  static fromSettings(s: Settings): LoginThrottle | null {
    return s.LOGIN_THROTTLE === null ? null : new LoginThrottle(s.LOGIN_THROTTLE);
  }

  /** Waits as long as the failures so far ask, or throws LoginThrottled when they refuse the attempt. */
  async before(request: HttpRequest, username: unknown): Promise<void> {
    const verdict = await this.#verdict(request, username);
    if (verdict.refused) {
      const minutes = Math.max(1, Math.ceil(verdict.retryAfter / 60));
      throw new LoginThrottled(`Too many failed login attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, verdict.retryAfter);
    }
    if (verdict.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));
  }

  /** Counts a failure for the username and the client address. */
  async failed(request: HttpRequest, username: unknown): Promise<void> {
    await this.#safely(async (cache) => {
      for (const key of this.#keys(request, username)) {
        await cache.add(key, 0, this.#window);
        await cache.incr(key).catch(() => cache.set(key, 1, this.#window));
      }
    });
  }

  /** A successful login clears the username's count (not the address's). */
  async succeeded(_request: HttpRequest, username: unknown): Promise<void> {
    await this.#safely(async (cache) => {
      await cache.delete(userKey(username));
    });
  }

  async #verdict(request: HttpRequest, username: unknown): Promise<Verdict> {
    const counts = await this.#safely(async (cache) => {
      const [user, address] = this.#keys(request, username);
      return [Number(await cache.get(user!, 0)), Number(await cache.get(address!, 0))] as const;
    });
    if (counts === undefined) return { refused: false, delayMs: 0 };
    const [userFailures, addressFailures] = counts;
    if (userFailures >= this.#refuseAfter || addressFailures >= this.#refuseAddressAfter) return { refused: true, retryAfter: this.#window };
    if (userFailures < this.#slowAfter) return { refused: false, delayMs: 0 };
    return { refused: false, delayMs: Math.min(this.#maxDelayMs, 1000 * 2 ** (userFailures - this.#slowAfter)) };
  }

  #keys(request: HttpRequest, username: unknown): [string, string] {
    return [userKey(username), `canter:login-failures:address:${request.META.REMOTE_ADDR ?? ''}`];
  }

  async #safely<T>(fn: (cache: BaseCache) => Promise<T>): Promise<T | undefined> {
    try {
      return await fn(caches.get(this.#alias));
    } catch (error) {
      logger.warning(`Login throttling is off for this attempt: the '${this.#alias}' cache failed (${(error as Error).message}).`);
      return undefined;
    }
  }
}

/** The cache key of a username's failures: hashed, so any username (long, odd characters) makes a valid key. */
function userKey(username: unknown): string {
  const digest = createHash('sha256').update(String(username ?? '').normalize('NFKC').toLowerCase()).digest('hex');
  return `canter:login-failures:user:${digest}`;
}
