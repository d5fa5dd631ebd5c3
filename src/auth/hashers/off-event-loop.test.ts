/**
 * Hashing runs off the event loop: while a hash at full cost is computed (PBKDF2's 1,000,000
 * iterations, scrypt, Argon2, bcrypt), a timer keeps firing, so one login does not stall every
 * other request of the process. The control shows the measurement catches a blocking hash.
 */
import { pbkdf2Sync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../conf/settings/index.js';
import { checkPassword, makePassword } from './passwords.js';

/** Runs `work` with a 5 ms timer going; returns how long it took, and the timer's ticks. */
async function whileTicking(work: () => unknown): Promise<{ took: number; ticks: number[] }> {
  const ticks: number[] = [];
  const timer = setInterval(() => ticks.push(performance.now()), 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { took: performance.now() - started, ticks: [started, ...ticks, performance.now()] };
}

function longestGap(ticks: readonly number[]): number {
  return Math.max(...ticks.slice(1).map((at, i) => at - ticks[i]!));
}

async function installed(name: string): Promise<boolean> {
  return import(name).then(() => true, () => process.env.CI === 'true');
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'off-event-loop' }));
});

describe('hashing leaves the event loop free', { timeout: 60_000 }, () => {
  it('control: the same PBKDF2 hash done synchronously stops the timer for its whole length', async () => {
    const { took, ticks } = await whileTicking(() => pbkdf2Sync('lètmein', 'seasalt', 1_000_000, 32, 'sha256'));
    expect(took).toBeGreaterThan(50);
    expect(longestGap(ticks)).toBeGreaterThan(took * 0.9);
  });

  it('a 1,000,000-iteration PBKDF2 hash (makePassword) lets a timer fire all along', async () => {
    let encoded = '';
    const { took, ticks } = await whileTicking(async () => {
      encoded = await makePassword('lètmein', 'seasalt', 'pbkdf2_sha256');
    });
    expect(encoded).toBe('pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=');
    expect(took).toBeGreaterThan(50);
    // A blocked loop shows one gap as long as the hash; a free one, gaps of a few timer periods
    // (half the hash leaves room for a machine busy with other work).
    expect(longestGap(ticks)).toBeLessThan(Math.max(took / 2, 40));
    expect(ticks.length).toBeGreaterThan(took / 5 / 8);
  });

  it('checkPassword at full cost, right or wrong, lets a timer fire all along', async () => {
    const encoded = 'pbkdf2_sha256$1000000$seasalt$r1uLUxoxpP2Ued/qxvmje7UH9PUJBkRrvf9gGPL7Cps=';
    for (const password of ['lètmein', 'wrong']) {
      const { took, ticks } = await whileTicking(() => checkPassword(password, encoded));
      expect(took, password).toBeGreaterThan(50);
      expect(longestGap(ticks), password).toBeLessThan(Math.max(took / 2, 40));
    }
  });

  it('scrypt, Argon2 and bcrypt at their default costs let a timer fire all along', async () => {
    const algorithms = ['scrypt', ...((await installed('argon2')) ? ['argon2'] : []), ...((await installed('bcrypt')) ? ['bcrypt_sha256'] : [])];
    for (const algorithm of algorithms) {
      const { took, ticks } = await whileTicking(() => makePassword('lètmein', null, algorithm));
      expect(longestGap(ticks), algorithm).toBeLessThan(Math.max(took / 2, 40));
    }
  });
});
