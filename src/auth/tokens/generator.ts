/** Django's django.contrib.auth.tokens: one-use links for resetting a password. */
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings, type Settings } from '../../conf/settings/index.js';
import { constantTimeCompare, saltedHmac, type HashAlgorithm } from '../../signing/index.js';
import { base36ToInt, intToBase36 } from './base36.js';
import { secondsSince2001, wallClockIn, type WallClockReader } from './python-datetime.js';
import { tokenHashValue, type TokenUser } from './token-user.js';

/** What a generator takes from one settings object, read at its first use under them. */
interface FromSettings {
  readonly settings: Settings;
  readonly secretKey: string;
  readonly fallbacks: readonly string[];
  readonly timeout: number;
  /** Django's naive datetime.now() is the wall clock of TIME_ZONE. */
  readonly nowClock: WallClockReader;
  /** last_login as Django holds it: UTC with USE_TZ, else the wall clock of TIME_ZONE. */
  readonly loginClock: WallClockReader;
}

/**
 * Makes and checks password-reset tokens, Django's PasswordResetTokenGenerator: a token is
 * `<timestamp in base36>-<HMAC>` over the user's pk, password hash, last login and email, so it
 * stops working once the password changes, the user logs in, the email changes, or
 * PASSWORD_RESET_TIMEOUT seconds pass. Tokens made here check in Django and the other way round,
 * given the same SECRET_KEY and TIME_ZONE.
 *
 * SECRET_KEY, SECRET_KEY_FALLBACKS, PASSWORD_RESET_TIMEOUT, TIME_ZONE and USE_TZ are read at the
 * first use under a settings object and kept (the shared `defaultTokenGenerator` is made at
 * import, before there are settings); `secret` and `secretFallbacks` set on the generator win.
 *
 * @example
 * const token = defaultTokenGenerator.makeToken(user);      // '<ts>-<hash>' for the reset link
 * if (!defaultTokenGenerator.checkToken(user, token)) return new HttpResponse('Link expired', { status: 400 });
 */
export class PasswordResetTokenGenerator {
  /** Separates these HMACs from every other use of the secret. */
  keySalt = 'django.contrib.auth.tokens.PasswordResetTokenGenerator';
  /** The hash of the HMAC; Django's default since 3.1. */
  algorithm: HashAlgorithm = 'sha256';
  #secret: string | undefined;
  #secretFallbacks: readonly string[] | undefined;
  #fromSettings: FromSettings | undefined;

  /** The key tokens are made with: the one set here, else SECRET_KEY (which must not be empty). */
  get secret(): string {
    if (this.#secret) return this.#secret;
    const key = this.#settingsInForce().secretKey;
    if (key === '') throw new ImproperlyConfigured('The SECRET_KEY setting must not be empty.');
    return key;
  }

  set secret(value: string) {
    this.#secret = value;
  }

  /** Older keys tokens still check with: the ones set here (even none), else SECRET_KEY_FALLBACKS. */
  get secretFallbacks(): readonly string[] {
    return this.#secretFallbacks ?? this.#settingsInForce().fallbacks;
  }

  set secretFallbacks(value: readonly string[]) {
    this.#secretFallbacks = [...value];
  }

  /** A token for `user`, valid until it is used or PASSWORD_RESET_TIMEOUT seconds have passed. */
  makeToken(user: TokenUser): string {
    return this.#tokenAt(user, this.#numSeconds(this.now()), this.secret);
  }

  /** True when `token` was made for `user` (with the secret or a fallback) and has not expired. */
  checkToken(user: TokenUser | null | undefined, token: string | null | undefined): boolean {
    if (!user || !token || typeof token !== 'string') return false;
    const parts = token.split('-');
    if (parts.length !== 2) return false;
    const timestamp = base36ToInt(parts[0]!);
    if (timestamp === undefined) return false;
    let matched = false;
    for (const secret of [this.secret, ...this.secretFallbacks]) {
      if (constantTimeCompare(this.#tokenAt(user, timestamp, secret), token)) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
    return BigInt(this.#numSeconds(this.now())) - timestamp <= BigInt(this.#settingsInForce().timeout);
  }

  /** The current time. Tests override it to travel in time (Django's `_now`). */
  protected now(): Date {
    return new Date();
  }

  #tokenAt(user: TokenUser, timestamp: number | bigint, secret: string): string {
    const value = tokenHashValue(user, timestamp, this.#settingsInForce().loginClock);
    const hex = saltedHmac(this.keySalt, value, secret, this.algorithm).toString('hex');
    let hash = '';
    // Every other hex digit: Django halves the digest to shorten the URL.
    for (let i = 0; i < hex.length; i += 2) hash += hex[i];
    return `${intToBase36(timestamp)}-${hash}`;
  }

  /** Seconds since 2001-01-01 on the wall clock of TIME_ZONE, as Django counts them. */
  #numSeconds(instant: Date): number {
    return secondsSince2001(this.#settingsInForce().nowClock(instant), instant.getUTCMilliseconds());
  }

  #settingsInForce(): FromSettings {
    const settings = getSettings();
    if (this.#fromSettings?.settings === settings) return this.#fromSettings;
    let nowClock: WallClockReader;
    try {
      nowClock = wallClockIn(settings.TIME_ZONE);
    } catch (error) {
      throw new ImproperlyConfigured(`TIME_ZONE is ${JSON.stringify(settings.TIME_ZONE)}, which is not a time zone name this platform knows (e.g. 'UTC', 'Europe/Paris').`, { cause: error });
    }
    const timeout = settings.PASSWORD_RESET_TIMEOUT;
    this.#fromSettings = {
      settings,
      secretKey: settings.SECRET_KEY,
      fallbacks: settings.SECRET_KEY_FALLBACKS,
      timeout,
      nowClock,
      loginClock: settings.USE_TZ ? wallClockIn('UTC') : nowClock,
    };
    return this.#fromSettings;
  }
}
