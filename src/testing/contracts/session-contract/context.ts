import { expect, it } from 'vitest';
import type { SettingsInput } from '../../../conf/settings/types.js';
import type { SessionBase, SessionStoreClass } from '../../../sessions/base.js';
import type { SessionData } from '../../../sessions/session-data.js';
import type { HostileKeyCase } from './values.js';

/** What a session engine may legitimately not do; each skip in the contract names its reason. */
export type SessionContractFeature =
  /** exists() tells a stored key from an unknown one. */
  | 'exists'
  /** deleteSession(), flush() and cycleKey() remove the stored copy: the old key no longer loads. */
  | 'serverDelete'
  /** Keys are random and claimed in the store: create() draws distinct ones; save(true) on a taken key throws CreateError; cycleKey() draws a new one. */
  | 'keyCollision'
  /** save() of a session deleted meanwhile throws UpdateError and does not bring it back. */
  | 'updateError'
  /** Loading a key the store does not hold leaves the session without a key (null). */
  | 'unknownKeyDropped'
  /** The store's expiry follows Date, so a fake clock (vi.useFakeTimers({ toFake: ['Date'] })) can move it. */
  | 'storeExpiryFakeClock'
  /** The store enforces setExpiry(seconds). */
  | 'relativeExpiryInStore'
  /** The store enforces setExpiry(date). */
  | 'customExpiryInStore'
  /** The store enforces SESSION_COOKIE_AGE for a session without its own expiry. */
  | 'defaultExpiryInStore'
  /** clearExpired() removes expired sessions and keeps live ones. */
  | 'clearExpired';

/** How the count tests look into the store (db: rows of django_session; file: session files). */
export interface SessionStorageProbe {
  /** How many sessions the store holds. */
  count(): Promise<number>;
  /** Removes every stored session (the clearExpired test counts from zero). */
  empty(): Promise<void>;
}

export interface SessionContractOptions {
  /** The store class under test (or a function returning it, called once the suite runs). */
  engine: SessionStoreClass | (() => SessionStoreClass);
  /** Settings in force for the whole suite (e.g. SESSION_CACHE_ALIAS, SESSION_FILE_PATH, CACHES); a function is called after setup. */
  settings?: SettingsInput | (() => SettingsInput);
  /** When set, the whole suite is skipped with this reason (a server that is not there). */
  unavailable?: string;
  /** Features this engine does not have, each with the reason. */
  skip?: Partial<Record<SessionContractFeature, string>>;
  /**
   * Features (or single hostile-key cases) this engine should handle but gets wrong today: their
   * tests run as it.fails, naming the bug, so the suite turns red once the bug is fixed.
   */
  fails?: Partial<Record<SessionContractFeature | HostileKeyCase, string>>;
  /** What a saved session's key looks like; default 32 characters of a–z and 0–9. */
  keyPattern?: RegExp;
  /** Counts what the store holds, for the tests that check nothing else was written or left. */
  storage?: SessionStorageProbe;
  /**
   * For an engine whose store keeps real time (a cache): a session saved with setExpiry(1) must be
   * gone after this many milliseconds of real waiting. Used when storeExpiryFakeClock is skipped.
   */
  expiryWaitMs?: number;
  /**
   * Called after the fake clock moved, with the keys the test stored: an engine with a real-time
   * cache in front of a clock-following store (cached_db) drops their cache entries there, so the
   * reads reach the part that follows the clock.
   */
  onClockMoved?: (sessionKeys: readonly string[]) => void | Promise<void>;
  /** Runs before the suite's settings are applied (e.g. make a directory). */
  setup?: () => void | Promise<void>;
  /** Runs after the suite, while its settings are still in force (e.g. delete what it stored, close connections). */
  teardown?: () => void | Promise<void>;
}


/** What every part of the contract works with: the engine under test and the helpers around it. */
export interface ContractContext {
  readonly options: SessionContractOptions;
  /** The engine class (valid inside hooks and tests). */
  engine(): SessionStoreClass;
  /** A new store instance, with a key or without. */
  store(key?: string | null): SessionBase;
  /** A new store instance for key, loaded. */
  loaded(key: string | null): Promise<SessionBase>;
  /** A saved session holding data, and its key. */
  saved(data?: SessionData): Promise<[SessionBase, string]>;
  /** Checks that key loads empty and that saving that session again stores it under another key (nothing resurrected). */
  expectGone(key: string): Promise<void>;
  /** Whether the engine has a feature (it is not skipped). */
  has(feature: SessionContractFeature): boolean;
  /** Declares a test needing features: skipped with the engine's reason, it.fails with a known bug's, else run. */
  feature(needs: SessionContractFeature | HostileKeyCase | Array<SessionContractFeature | HostileKeyCase>, label: string, fn: () => Promise<void>, timeout?: number): void;
  readonly keyPattern: RegExp;
  readonly storage: SessionStorageProbe | undefined;
}

/** A session key as Django draws it: 32 characters of a–z and 0–9. */
export const DEFAULT_KEY_PATTERN = /^[a-z0-9]{32}$/;

/** The context of one suite; `engine` is the class once the suite's beforeAll has resolved it. */
export function makeContext(options: SessionContractOptions, engine: () => SessionStoreClass): ContractContext {
  const store = (key?: string | null): SessionBase => new (engine())(key);
  const loaded = (key: string | null): Promise<SessionBase> => store(key).load();
  const reason = (
    table: Partial<Record<string, string>> | undefined,
    needs: ReadonlyArray<string>,
  ): string | undefined => needs.map((f) => table?.[f]).find((r) => r !== undefined);
  return {
    options,
    engine,
    store,
    loaded,
    keyPattern: options.keyPattern ?? DEFAULT_KEY_PATTERN,
    storage: options.storage,
    has: (f) => options.skip?.[f] === undefined,
    feature: (needs, label, fn, timeout) => {
      const list = [needs].flat();
      const skipped = reason(options.skip, list);
      const bug = reason(options.fails, list);
      if (skipped !== undefined) it.skip(`${label} (skipped: ${skipped})`, fn);
      else if (bug !== undefined) it.fails(`${label} (known bug: ${bug})`, fn, timeout);
      else it(label, fn, timeout);
    },
    saved: async (data = { k: 'v' }) => {
      const s = store();
      s.update(data);
      await s.save();
      expect(s.sessionKey).not.toBeNull();
      return [s, s.sessionKey as string];
    },
    expectGone: async (key) => {
      const s = await loaded(key);
      expect(s.items()).toStrictEqual([]);
      s.set('after', 1);
      await s.save();
      expect(s.sessionKey).not.toBe(key);
      expect((await loaded(key)).items()).toStrictEqual([]);
    },
  };
}
