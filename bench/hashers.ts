/**
 * Password hashing at Django's default costs: how long one check takes with each hasher, how
 * many checks a second this process gets when eight arrive at once, and how late the event loop
 * ran meanwhile (its p99 and worst delay: a hash on the loop would show as a delay of its length).
 *
 *   npx tsx bench/hashers.ts            # every hasher whose library is installed
 *   npx tsx bench/hashers.ts --at-once 16
 */
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { checkPassword, makePassword } from '../src/auth/index.js';
import { configureSettings, defineSettings } from '../src/conf/index.js';

const { values } = parseArgs({ options: { 'at-once': { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' } } });
const atOnce = Number(values['at-once']);
const rounds = Number(values.rounds);
const ALGORITHMS = ['pbkdf2_sha256', 'pbkdf2_sha1', 'scrypt', 'argon2', 'bcrypt_sha256', 'md5'];

configureSettings(defineSettings({ SECRET_KEY: 'bench-hashers', PASSWORD_HASHERS: ALGORITHMS }));

async function available(algorithm: string): Promise<boolean> {
  const library = algorithm === 'argon2' ? 'argon2' : algorithm.startsWith('bcrypt') ? 'bcrypt' : undefined;
  return library === undefined || import(library).then(() => true, () => false);
}

const ms = (nanoseconds: number): string => (nanoseconds / 1e6).toFixed(1);

console.log(`Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}\n`);
console.log(`| algorithm | one check (median of ${rounds}) | ${atOnce} checks at once | checks/s | loop delay p99 / max |`);
console.log('|---|---|---|---|---|');
for (const algorithm of ALGORITHMS) {
  if (!(await available(algorithm))) {
    console.log(`| ${algorithm} | not installed | | | |`);
    continue;
  }
  const encoded = await makePassword('correct horse battery staple', null, algorithm);
  const singles: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await checkPassword('correct horse battery staple', encoded);
    singles.push(performance.now() - started);
  }
  singles.sort((a, b) => a - b);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: atOnce }, (_, i) => checkPassword(i % 2 === 0 ? 'correct horse battery staple' : 'wrong', encoded)));
  const took = performance.now() - started;
  delay.disable();
  const median = singles[Math.floor(singles.length / 2)]!;
  console.log(`| ${algorithm} | ${median.toFixed(1)} ms | ${took.toFixed(0)} ms | ${((atOnce * 1000) / took).toFixed(1)} | ${ms(delay.percentile(99))} / ${ms(delay.max)} ms |`);
}
