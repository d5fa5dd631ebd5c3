import { afterAll, afterEach, beforeAll, describe, it, vi } from 'vitest';
import { configureSettings, defineSettings, overrideSettings, settingsConfigured } from '../../conf/settings/index.js';
import type { SessionStoreClass } from '../../sessions/base.js';
import { describeBadInput } from './session-contract/bad-input.js';
import { makeContext, type SessionContractOptions } from './session-contract/context.js';
import { describeExpiry } from './session-contract/expiry.js';
import { describeMapping } from './session-contract/mapping.js';
import { describeStoring } from './session-contract/storing.js';

export type { SessionContractFeature, SessionContractOptions, SessionStorageProbe } from './session-contract/context.js';
export type { HostileKeyCase } from './session-contract/values.js';

let suiteCounter = 0;

/**
 * The one suite every session engine passes: Django's SessionBase API and store semantics, bad
 * input, concurrent writers and expiry on a fake clock. Third-party engines can run it too;
 * every skip names its reason.
 *
 * @example
 * describeSessionContract('file', { engine: FileSessionStore, settings: () => ({ SESSION_FILE_PATH: dir }) });
 */
export function describeSessionContract(title: string, options: SessionContractOptions): void {
  if (options.unavailable !== undefined) {
    describe.skip(`session contract: ${title}`, () => it.skip(`skipped: ${options.unavailable}`, () => undefined));
    return;
  }
  const suite = ++suiteCounter;
  let Engine: SessionStoreClass | undefined;
  const context = makeContext(options, () => {
    if (Engine === undefined) throw new Error('The session contract’s engine is used before its suite started.');
    return Engine;
  });

  describe(`session contract: ${title}`, () => {
    let restore: (() => void) | undefined;
    beforeAll(async () => {
      if (!settingsConfigured()) configureSettings(defineSettings({ SECRET_KEY: `canter-session-contract-${suite}` }));
      await options.setup?.();
      const settings = typeof options.settings === 'function' ? options.settings() : options.settings;
      if (settings !== undefined) restore = overrideSettings(settings);
      Engine = isStoreClass(options.engine) ? options.engine : options.engine();
    });
    afterAll(async () => {
      try {
        await options.teardown?.();
      } finally {
        restore?.();
      }
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    describeMapping(context);
    describeStoring(context);
    describeBadInput(context);
    describeExpiry(context);
  });
}

function isStoreClass(engine: SessionStoreClass | (() => SessionStoreClass)): engine is SessionStoreClass {
  return typeof (engine as Partial<SessionStoreClass>).clearExpired === 'function';
}
