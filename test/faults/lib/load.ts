/**
 * Bounded HTTP load for the fault tests: a few clients, each with its own cookie jar (so each
 * keeps one session), GET a URL one request after another for a fixed time while the test kills,
 * freezes and restarts a server underneath. Every request is recorded with its status, latency
 * and body; a request that gets no answer at all is recorded with status 0.
 */

export interface LoadOptions {
  /** The URL every client GETs, e.g. `${base}/counter/`. */
  readonly url: string;
  /** How many clients run side by side (default 4). */
  readonly clients?: number;
  /** How long the load runs at most, in ms. */
  readonly durationMs: number;
  /** Ends the load earlier: checked before each request. */
  readonly until?: () => boolean;
  /** A client's pause between two requests, in ms (default 20), to keep the load bounded. */
  readonly pauseMs?: number;
  /** A request still unanswered after this long is abandoned and recorded as status 0 (default 15 000). */
  readonly timeoutMs?: number;
}

/** One request of one client. */
export interface Sample {
  readonly client: number;
  /** When the request was sent (Date.now()). */
  readonly startedAt: number;
  /** How long until the whole answer was read, in ms. */
  readonly ms: number;
  /** The HTTP status, or 0 when no answer came (refused, reset, timed out). */
  readonly status: number;
  readonly body: string;
  /** Why no answer came, when status is 0. */
  readonly error?: string;
}

/**
 * Runs the load; resolves with every request's sample once `durationMs` has passed and each
 * client's last request has finished.
 *
 * @example
 * const load = runLoad({ url: `${base}/counter/`, durationMs: 6000 });
 * await pause(1500); await server.kill(); await pause(2000); await server.start();
 * const samples = await load;
 */
export async function runLoad(options: LoadOptions): Promise<Sample[]> {
  const { url, clients = 4, durationMs, until = () => false, pauseMs = 20, timeoutMs = 15_000 } = options;
  const end = Date.now() + durationMs;
  const samples: Sample[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const jar = new Map<string, string>();
      while (Date.now() < end && !until()) {
        samples.push(await request(client, url, jar, timeoutMs));
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  return samples.sort((a, b) => a.startedAt - b.startedAt);
}

/** One GET with the client's cookies; the jar takes the answer's Set-Cookie lines. */
export async function request(client: number, url: string, jar: Map<string, string>, timeoutMs = 15_000): Promise<Sample> {
  const startedAt = Date.now();
  const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  try {
    const response = await fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    for (const line of response.headers.getSetCookie()) remember(jar, line);
    return { client, startedAt, ms: Date.now() - startedAt, status: response.status, body };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
    return { client, startedAt, ms: Date.now() - startedAt, status: 0, body: '', error: reason };
  }
}

function remember(jar: Map<string, string>, line: string): void {
  const [pair = '', ...attributes] = line.split(';');
  const eq = pair.indexOf('=');
  if (eq < 1) return;
  const name = pair.slice(0, eq).trim();
  // A cookie set to expire now (Max-Age=0, a past Expires) is a deletion.
  const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') <= Date.now()));
  if (expired) jar.delete(name);
  else jar.set(name, pair.slice(eq + 1).trim());
}

/** Samples whose request was sent within [from, to) (Date.now() times). */
export function between(samples: readonly Sample[], from: number, to = Infinity): Sample[] {
  return samples.filter((s) => s.startedAt >= from && s.startedAt < to);
}

/** A short account of samples for assertion messages: counts by status and the slowest. */
export function describeSamples(samples: readonly Sample[]): string {
  const byStatus = new Map<number, number>();
  for (const s of samples) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  const slowest = samples.reduce<Sample | undefined>((max, s) => (max === undefined || s.ms > max.ms ? s : max), undefined);
  const errors = [...new Set(samples.filter((s) => s.error).map((s) => s.error))].slice(0, 3);
  return `${samples.length} requests, by status ${JSON.stringify(Object.fromEntries(byStatus))}, slowest ${slowest?.ms ?? 0} ms${errors.length ? `, errors: ${errors.join(' | ')}` : ''}`;
}

/**
 * What is wrong with the /counter/ answers of each client: a 200 whose body is not a count; a
 * count that went back (the servers keep what they acknowledged: PostgreSQL and MariaDB commit
 * to the OS before answering, Redis with an append-only file loses nothing on SIGKILL, a frozen
 * server keeps its data, cached_db's table has every save); a count that grew by more than one
 * with no failure between. A failed request may still have saved (the server applied a write we
 * gave up on), so across a failure a count may grow by more than one. `restartAllowed` accepts
 * count 1 again where the store may have lost everything (memcached restarted).
 */
export function counterProblems(samples: readonly Sample[], options: { restartAllowed?: (sample: Sample) => boolean } = {}): string[] {
  const { restartAllowed = () => false } = options;
  const problems: string[] = [];
  for (const client of new Set(samples.map((s) => s.client))) {
    let last: number | undefined;
    let failedSince = false;
    for (const s of samples.filter((x) => x.client === client)) {
      if (s.status !== 200) {
        failedSince = true;
        continue;
      }
      const count = Number(s.body);
      if (!Number.isInteger(count) || count < 1) {
        problems.push(`client ${client}: a 200 whose body is not a count: ${JSON.stringify(s.body.slice(0, 80))}`);
        continue;
      }
      if (last !== undefined && count === 1 && restartAllowed(s)) last = undefined;
      else if (last !== undefined && count <= last) problems.push(`client ${client}: count went back from ${last} to ${count}`);
      else if (last !== undefined && !failedSince && count !== last + 1) problems.push(`client ${client}: count went from ${last} to ${count} with no failure between`);
      last = count;
      failedSince = false;
    }
  }
  return problems;
}
