/**
 * The framework's logger: named loggers (`canter.request`, `canter.security.DisallowedHost`, …) as
 * Django's logging names them, one level for all, one sink. QUIET=1 in the environment silences
 * everything below error, which the demo's Md1/Md2 traces and the benchmarks rely on.
 */

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, silent: 100 };

export interface LogRecord {
  logger: string;
  level: Exclude<LogLevel, 'silent'>;
  message: string;
  error?: unknown;
  extra?: Record<string, unknown>;
}

export type LogSink = (record: LogRecord) => void;

const defaultSink: LogSink = (record) => {
  const line = `[${record.level.toUpperCase()}] ${record.logger}: ${record.message}`;
  const stack = record.error instanceof Error && record.error.stack ? `\n${record.error.stack}` : '';
  if (RANK[record.level] >= RANK.warning) console.error(line + stack);
  else process.stdout.write(`${line}\n`);
};

// The explicit logging registry: one level and one sink for the process.
const state: { level: LogLevel; sink: LogSink } = {
  level: process.env.QUIET === '1' ? 'error' : 'info',
  sink: defaultSink,
};

/** Sets the lowest level that is written, and optionally where records go. */
export function configureLogging(options: { level?: LogLevel; sink?: LogSink }): void {
  if (options.level !== undefined) state.level = options.level;
  if (options.sink !== undefined) state.sink = options.sink;
}

export class Logger {
  constructor(readonly name: string) {}

  isEnabledFor(level: Exclude<LogLevel, 'silent'>): boolean {
    return RANK[level] >= RANK[state.level];
  }

  debug(message: string, extra?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.#log('debug', message, extra);
  }

  info(message: string, extra?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.#log('info', message, extra);
  }

  warning(message: string, extra?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.#log('warning', message, extra);
  }

  error(message: string, extra?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    this.#log('error', message, extra);
  }

  #log(level: Exclude<LogLevel, 'silent'>, message: string, extra?: Omit<LogRecord, 'logger' | 'level' | 'message'>): void {
    if (RANK[level] < RANK[state.level]) return;
    state.sink({ logger: this.name, level, message, ...extra });
  }
}

const loggers = new Map<string, Logger>();

/** The logger of that name, e.g. getLogger('canter.request'). */
export function getLogger(name: string): Logger {
  let logger = loggers.get(name);
  if (logger === undefined) loggers.set(name, (logger = new Logger(name)));
  return logger;
}
