import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../../conf/settings/index.js';
import { base36ToInt, intToBase36 } from './base36.js';
import { defaultTokenGenerator } from './default-token-generator.js';
import { PasswordResetTokenGenerator } from './generator.js';
import type { TokenUser } from './token-user.js';

// Made at import, before any settings exist, as the shared instance is.
const madeEarly = new PasswordResetTokenGenerator();

class At extends PasswordResetTokenGenerator {
  constructor(readonly at: Date) {
    super();
  }

  protected override now(): Date {
    return this.at;
  }
}

const NOW = new Date('2030-01-02T03:04:05Z');
const ann: TokenUser & { email: string } = { pk: 1, password: 'pbkdf2_sha256$1$s$h=', last_login: null, email: 'ann@example.com' };
const bob: TokenUser & { email: string } = { ...ann, pk: 2, email: 'bob@example.com' };

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'unit-test-secret' }));
});

describe('PasswordResetTokenGenerator', () => {
  it('works when made before settings were configured (the secret is read at first use)', () => {
    const token = madeEarly.makeToken(ann);
    expect(madeEarly.checkToken(ann, token)).toBe(true);
    expect(defaultTokenGenerator.checkToken(ann, token)).toBe(true);
  });

  it('follows the settings in force: a token made under another SECRET_KEY does not check', () => {
    const token = defaultTokenGenerator.makeToken(ann);
    overrideSettings({ SECRET_KEY: 'rotated' }, () => {
      expect(defaultTokenGenerator.checkToken(ann, token)).toBe(false);
    });
    overrideSettings({ SECRET_KEY: 'rotated', SECRET_KEY_FALLBACKS: ['unit-test-secret'] }, () => {
      expect(defaultTokenGenerator.checkToken(ann, token)).toBe(true);
    });
    expect(defaultTokenGenerator.checkToken(ann, token)).toBe(true);
  });

  it("refuses a token made for another user, or after the user's password, last login or email changed", () => {
    const gen = new At(NOW);
    const token = gen.makeToken(ann);
    expect(gen.checkToken(bob, token)).toBe(false);
    expect(gen.checkToken({ ...ann, password: 'pbkdf2_sha256$1$s$other=' }, token)).toBe(false);
    expect(gen.checkToken({ ...ann, last_login: new Date('2030-01-02T03:04:06Z') }, token)).toBe(false);
    const renamed: TokenUser = { ...ann, email: 'ANN@example.com' } as TokenUser;
    expect(gen.checkToken(renamed, token)).toBe(false);
    expect(gen.checkToken({ ...ann }, token)).toBe(true);
  });

  it('refuses malformed tokens without throwing', () => {
    const gen = new At(NOW);
    const token = gen.makeToken(ann);
    const [ts, hash] = token.split('-') as [string, string];
    const malformed = [
      '', '-', `${ts}`, `${ts}-`, `-${hash}`, `${ts}-${hash}-x`, `${ts.toUpperCase()}-${hash}`, `0${ts}-${hash}`,
      ` ${ts}-${hash}`, `+${ts}-${hash}`, `-1-${hash}`, `${ts}_0-${hash}`, `${'z'.repeat(14)}-${hash}`,
      `${'z'.repeat(13)}-${hash}`, `${ts}-${hash.toUpperCase()}`, `${ts}-${hash.slice(1)}`, `${ts}-${hash}0`, `${ts}-${hash} `,
      `${ts}‐${hash}`, `${ts}\n-${hash}`,
    ];
    for (const bad of malformed) expect(gen.checkToken(ann, bad), JSON.stringify(bad)).toBe(false);
    expect(gen.checkToken(ann, 42 as unknown as string)).toBe(false);
    expect(gen.checkToken(undefined, token)).toBe(false);
  });

  it('refuses a token whose timestamp was moved forward to outlive the timeout (the hash covers it)', () => {
    const old = new At(new Date(NOW.getTime() - 400_000 * 1000)).makeToken(ann);
    const [ts, hash] = old.split('-') as [string, string];
    const gen = new At(NOW);
    expect(gen.checkToken(ann, old)).toBe(false);
    const moved = `${intToBase36(base36ToInt(ts)! + 200_000n)}-${hash}`;
    expect(gen.checkToken(ann, moved)).toBe(false);
  });

  it('refuses every string that is not the token, and every one-character change of it (property)', () => {
    const gen = new At(NOW);
    const token = gen.makeToken(ann);
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => s === token || !gen.checkToken(ann, s)));
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'0123456789abcdefz-'), (at, ch) => {
        const changed = token.slice(0, at) + ch + token.slice(at + 1);
        return changed === token || !gen.checkToken(ann, changed);
      }),
    );
  });

  it('keeps tokens 32 hex digits long after the base36 timestamp, with the sha1 algorithm too', () => {
    const gen = new At(NOW);
    expect(gen.makeToken(ann)).toMatch(/^[0-9a-z]+-[0-9a-f]{32}$/);
    gen.algorithm = 'sha1';
    const token = gen.makeToken(ann);
    expect(token).toMatch(/^[0-9a-z]+-[0-9a-f]{20}$/);
    expect(gen.checkToken(ann, token)).toBe(true);
  });

  it('refuses an invalid last_login Date and a TIME_ZONE the platform does not know, with a clear error', () => {
    expect(() => new At(NOW).makeToken({ ...ann, last_login: new Date('nope') })).toThrow(/last_login must be a valid Date/);
    overrideSettings({ TIME_ZONE: 'Mars/Olympus_Mons' }, () => {
      expect(() => new At(NOW).makeToken(ann)).toThrow(/TIME_ZONE is "Mars\/Olympus_Mons"/);
    });
  });
});

describe('base36', () => {
  it('round-trips whole numbers and refuses what Django refuses', () => {
    fc.assert(fc.property(fc.maxSafeNat(), (n) => base36ToInt(intToBase36(n)) === BigInt(n)));
    expect(base36ToInt('z'.repeat(14))).toBeUndefined();
    expect(base36ToInt('')).toBeUndefined();
    expect(base36ToInt('-1')).toBeUndefined();
    expect(() => intToBase36(-1)).toThrow('Negative base36 conversion input.');
  });
});
