/**
 * The functions with the most self time in a `node --cpu-prof` profile, as a table:
 *
 *   node dist/bench/lib/cpu-profile-top.js /tmp/prof/canter.1.cpuprofile [N]
 *
 * (`npm run bench:stack -- --only canter-login --cpu-prof /tmp/prof` writes such a profile.) Self
 * time is summed per function (name, file, line), so a function inlined into many callers is still
 * one row; paths are shortened to what follows node_modules/ or the repository's dist/.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist !== -1) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

/** Self time per function, largest first (idle and the program's root left out of the shares' base). */
export function selfTimes(profile: Profile): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, { name: string; where: string; us: number }>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)') return;
    busy += delta;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = totals.get(key) ?? { name, where, us: 0 };
    entry.us += delta;
    totals.set(key, entry);
  });
  return [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .map((e) => ({ name: e.name, where: e.where, ms: e.us / 1000, share: busy === 0 ? 0 : e.us / busy }));
}

function main(): void {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/lib/cpu-profile-top.js FILE.cpuprofile [N]');
    process.exitCode = 2;
    return;
  }
  const top = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as Profile).slice(0, Number(count ?? 25));
  console.log('| self % | self ms | function | where |\n|---:|---:|---|---|');
  for (const t of top) console.log(`| ${(t.share * 100).toFixed(1)}% | ${t.ms.toFixed(0)} | ${t.name} | ${t.where} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
