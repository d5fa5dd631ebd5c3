/**
 * `npm run bench:cache`: get/set throughput of each Canter cache backend against the bare client
 * it stands on (lru-cache, node-redis, memjs), in one process, rounds interleaved, medians
 * reported (stdout and bench/results/cache-ops.md). Server backends are skipped, and say so,
 * when their server is not running.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { configureSettings, defineSettings } from '../src/core/index.js';
import { CACHE_CONTENDERS, type Contender, type Ops } from './lib/cache-contenders.js';

const KEYS = Array.from({ length: 1000 }, (_, i) => `bench:key:${i}`);
const VALUE = { id: 42, title: 'book42', price: 1794, tags: ['novel', 'paperback'], inStock: true };

interface Options {
  seconds: number;
  rounds: number;
  concurrency: number;
  only: string[];
  out: string;
}

function parse(argv: readonly string[]): Options {
  const options: Options = { seconds: 3, rounds: 3, concurrency: 32, only: [], out: 'bench/results/cache-ops.md' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i] ?? '';
    if (flag === '--seconds') options.seconds = Number(value);
    else if (flag === '--rounds') options.rounds = Number(value);
    else if (flag === '--concurrency') options.concurrency = Number(value);
    else if (flag === '--only') options.only = value.split(',').filter(Boolean);
    else if (flag === '--out') options.out = value;
    else throw new Error(`unknown argument ${flag}; flags: --seconds S --rounds N --concurrency N --only locmem,redis,memcached,file,db --out FILE`);
  }
  return options;
}

/** Operations per second of one op, with `concurrency` callers in flight (a sync op runs in a tight loop). */
async function throughput(ops: Ops, op: 'get' | 'set', seconds: number, concurrency: number, awaited = false): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  if (ops.sync && !awaited) {
    const call = op === 'get' ? ops.sync.get : ops.sync.set;
    for (let i = 0; ; i++) {
      call(KEYS[i % KEYS.length] as string, VALUE);
      if ((++done & 1023) === 0 && performance.now() > deadline) break;
    }
    return done / seconds;
  }
  const call = op === 'get' ? ops.get : ops.set;
  const started = performance.now();
  const worker = async (offset: number): Promise<void> => {
    for (let i = offset; ; i += concurrency) {
      await call(KEYS[i % KEYS.length] as string, VALUE);
      if ((++done & 255) === 0 && performance.now() > deadline) break;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return done / ((performance.now() - started) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  configureSettings(defineSettings({ SECRET_KEY: 'bench', DATABASES: { default: { URL: 'sqlite://:memory:' } } }));
  const chosen = CACHE_CONTENDERS.filter((c) => options.only.length === 0 || options.only.includes(c.backend));
  const ready: Array<{ contender: Contender; canter: Ops; bare: Ops | undefined }> = [];
  const skipped: string[] = [];
  for (const contender of chosen) {
    try {
      const canter = await contender.canter();
      const bare = await contender.bare?.();
      for (const key of KEYS) await canter.set(key, VALUE);
      if (bare) for (const key of KEYS) await bare.set(key, VALUE);
      ready.push({ contender, canter, bare });
    } catch (error) {
      skipped.push(`${contender.backend}: ${(error as Error).message}`);
      console.warn(`skipping ${contender.backend}: ${(error as Error).message}`);
    }
  }
  const results = new Map<string, number[]>();
  const record = (name: string, value: number): void => void results.set(name, [...(results.get(name) ?? []), value]);
  for (let round = 1; round <= options.rounds; round++) {
    for (const { contender, canter, bare } of ready) {
      for (const op of ['get', 'set'] as const) {
        const ours = await throughput(canter, op, options.seconds, options.concurrency);
        record(`${contender.backend} ${op} canter`, ours);
        let line = `round ${round} ${contender.backend.padEnd(9)} ${op}: Canter ${fmt(ours)}/s`;
        if (bare) {
          const theirs = await throughput(bare, op, options.seconds, options.concurrency);
          record(`${contender.backend} ${op} bare`, theirs);
          line += `, ${contender.bareLabel} ${fmt(theirs)}/s`;
          if (bare.sync) {
            // The same synchronous calls, awaited as Canter's Promise API is: what the API shape costs.
            const awaited = await throughput(bare, op, options.seconds, options.concurrency, true);
            record(`${contender.backend} ${op} bare-awaited`, awaited);
            line += `, awaited ${fmt(awaited)}/s`;
          }
        }
        console.log(line);
      }
    }
  }
  for (const { canter, bare } of ready) {
    await canter.close();
    await bare?.close();
  }

  const rows = ['| backend | op | Canter ops/s | bare client | bare ops/s | Canter / bare |', '|---|---|---:|---|---:|---:|'];
  for (const { contender } of ready) {
    for (const op of ['get', 'set'] as const) {
      const ours = median(results.get(`${contender.backend} ${op} canter`) ?? []);
      const theirs = results.has(`${contender.backend} ${op} bare`) ? median(results.get(`${contender.backend} ${op} bare`) ?? []) : undefined;
      rows.push(`| ${contender.label} | ${op} | ${fmt(ours)} | ${contender.bareLabel} | ${theirs === undefined ? '—' : fmt(theirs)} | ${theirs === undefined ? '—' : `${(ours / theirs).toFixed(2)}×`} |`);
      const awaited = results.get(`${contender.backend} ${op} bare-awaited`);
      if (awaited !== undefined) {
        const value = median(awaited);
        rows.push(`| ${contender.label} | ${op} | ${fmt(ours)} | ${contender.bareLabel.replace('(sync)', '(each call awaited)')} | ${fmt(value)} | ${(ours / value).toFixed(2)}× |`);
      }
    }
  }
  const table = rows.join('\n');
  console.log(`\n${table}`);
  const report = [
    '# Cache backends: get/set throughput against the bare client',
    '',
    `- date: ${new Date().toISOString()}`,
    `- node: ${process.version}; CPU: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`,
    `- ${options.rounds} round(s) × ${options.seconds} s per op and contender, interleaved, median shown; ${options.concurrency} callers in flight for async clients; 1,000 keys, value ${JSON.stringify(VALUE)}`,
    `- command: \`npm run bench:cache${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
    ...skipped.map((s) => `- skipped ${s}`),
    '',
    table,
    '',
  ].join('\n');
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, report);
  console.log(`\nwritten to ${options.out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
