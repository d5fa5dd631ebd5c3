/**
 * The timing attack: a login for a username that does not exist must take as long as a
 * wrong password for one that does, or response times would tell which usernames exist.
 * ModelBackend hashes the password once either way; this measures it (medians of interleaved
 * runs, PBKDF2 at a cost where hashing dominates the database's share).
 */
import { beforeAll, expect, it } from 'vitest';
import { authApp, authenticate, ContentType, contentTypesApp, Group, PBKDF2PasswordHasher, Permission, User } from '../../src/auth/index.js';
import { overrideSettings } from '../../src/core/index.js';
import { describeDatabases } from '../../src/testing/databases.js';

/** PBKDF2 at 100,000 iterations: tens of milliseconds, far above a query's share. */
class MeasuredPBKDF2 extends PBKDF2PasswordHasher {
  override iterations = 100_000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

await describeDatabases('login timing', () => {
  beforeAll(async () => {
    const restore = overrideSettings({ INSTALLED_APPS: [contentTypesApp, authApp], PASSWORD_HASHERS: [MeasuredPBKDF2], LOGIN_THROTTLE: null });
    await User.objects.createUser('ann', '', 'the-right-password');
    return () => restore();
  });

  it('an unknown username takes as long as a known one with a wrong password (medians within 25%)', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so that a slow moment of the machine falls on both.
    for (let i = 0; i < 15; i++) {
      known.push(await time(() => authenticate(null, { username: 'ann', password: `wrong-${i}` })));
      unknown.push(await time(() => authenticate(null, { username: `nobody-${i}`, password: `wrong-${i}` })));
    }
    const ratio = median(unknown) / median(known);
    expect(median(known)).toBeGreaterThan(5);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });
}, { models: () => [ContentType, Permission, Group, User], vendors: ['sqlite'] });
