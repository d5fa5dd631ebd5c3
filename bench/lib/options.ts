/** The runner's flags: `npm run bench -- --duration 10 --rounds 3 …`. */
export interface BenchOptions {
  /** Measured seconds per server per round. */
  duration: number;
  /** Unmeasured seconds of load before each measurement. */
  warmup: number;
  /** Rounds; servers are interleaved within each round and the median is reported. */
  rounds: number;
  /** How often a run is repeated when its server got less than 90% of its core (a shared machine). */
  retries: number;
  /** Keep-alive connections the load generator holds open. */
  connections: number;
  /** Only these servers (by name); all when empty. */
  only: string[];
  /** Force a load generator instead of wrk-if-installed. */
  loader: 'auto' | 'wrk' | 'autocannon';
  /** Where the Markdown report goes (relative to the working directory). */
  out: string;
}

export const USAGE = `usage: npm run bench -- [--duration S] [--warmup S] [--rounds N] [--connections N] [--retries N]
                          [--only name,name] [--loader auto|wrk|autocannon] [--out FILE]
defaults: --duration 10 --warmup 3 --rounds 3 --connections 50 --retries 2 --loader auto
          --out bench/results/core-hello.md`;

const DEFAULTS: BenchOptions = {
  duration: 10,
  warmup: 3,
  rounds: 3,
  retries: 2,
  connections: 50,
  only: [],
  loader: 'auto',
  out: 'bench/results/core-hello.md',
};

function positive(name: string, raw: string | undefined, integer: boolean, allowZero = false): number {
  const value = Number(raw);
  const ok = raw !== undefined && Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) throw new Error(`--${name} needs a ${integer ? 'whole ' : ''}number${allowZero ? ' ≥ 0' : ' > 0'} (got ${raw ?? 'nothing'})`);
  return value;
}

/** Parses argv (without node and the script); throws with a readable message on a bad flag. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : '';
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    switch (name) {
      case 'duration': options.duration = positive(name, value, true); break;
      case 'warmup': options.warmup = positive(name, value, true, true); break;
      case 'rounds': options.rounds = positive(name, value, true); break;
      case 'retries': options.retries = positive(name, value, true, true); break;
      case 'connections': options.connections = positive(name, value, true); break;
      case 'only': options.only = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean); break;
      case 'out': if (!value) throw new Error('--out needs a file name'); options.out = value; break;
      case 'loader':
        if (value !== 'auto' && value !== 'wrk' && value !== 'autocannon') throw new Error(`--loader is auto, wrk or autocannon (got ${value ?? 'nothing'})`);
        options.loader = value;
        break;
      default: throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}
