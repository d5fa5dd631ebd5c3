import { PBKDF2PasswordHasher } from '../../src/auth/index.js';
import { BENCH_HASH_ITERATIONS } from './auth-config.js';

/**
 * The demo's BENCH_FAST_HASH hasher (examples/demo/settings.ts): Django's pbkdf2_sha256 at 1,000
 * iterations, so a login costs a fraction of a millisecond of hashing, not most of a second.
 * First in PASSWORD_HASHERS, it makes the bench user's hash and checks it without an upgrade.
 */
export class BenchFastPBKDF2PasswordHasher extends PBKDF2PasswordHasher {
  override iterations = BENCH_HASH_ITERATIONS;
}
