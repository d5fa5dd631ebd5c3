import type { Sample } from './load.js';

/**
 * A stricter /counter/ check than counterProblems, for stores that keep what they acknowledged
 * (a frozen cache keeps its data, a Redis with an append-only file loses nothing on SIGKILL,
 * cached_db's table has every save): a client's count never goes back, not even across a failure,
 * and grows by exactly one between two answers with no failure between. (A failed request may
 * still have saved, e.g. a write the cache applied after we gave up on it: then the count may
 * grow by more than one.) `restartAllowed` accepts count 1 again where the store may have lost
 * everything (memcached restarted).
 */
export function strictCounterProblems(samples: readonly Sample[], restartAllowed: (s: Sample) => boolean = () => false): string[] {
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
      if (!Number.isInteger(count) || count < 1) problems.push(`client ${client}: a 200 whose body is not a count: ${JSON.stringify(s.body.slice(0, 80))}`);
      else if (last !== undefined && count === 1 && restartAllowed(s)) last = undefined;
      else if (last !== undefined && count <= last) problems.push(`client ${client}: count went back from ${last} to ${count}`);
      else if (last !== undefined && !failedSince && count !== last + 1) problems.push(`client ${client}: count went from ${last} to ${count} with no failure between`);
      if (Number.isInteger(count)) last = count;
      failedSince = false;
    }
  }
  return problems;
}
