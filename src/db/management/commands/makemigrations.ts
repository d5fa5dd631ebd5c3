import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { ImproperlyConfigured } from '../../../conf/errors.js';
import { detectChanges, relatedApps, renameCandidates } from '../../migrations/autodetector.js';
import type { RenameCandidate } from '../../migrations/autodetector.js';
import type { MigrationKey } from '../../migrations/graph.js';
import { ProjectState } from '../../migrations/state.js';
import { migrationName, writeMigration } from '../../migrations/writer.js';
import { apps as modelRegistry } from '../../models/registry.js';
import { appNamed, setUp, tearDown } from '../setup.js';

export function register(program: Command): void {
  program
    .command('makemigrations')
    .description('Compare the models with the migrations and write new migrations for what changed')
    .argument('[apps...]', 'only these app labels')
    .option('--name <name>', 'use this name instead of a generated one')
    .option('--dry-run', 'show what would be written, write nothing')
    .option('--check', 'exit with status 1 when models have changes without migrations; write nothing')
    .option('--import-from <module>', "where migration files import from ('canter/db')", 'canter/db')
    .option('--extension <ext>', 'file extension to write: ts or js', 'ts')
    .option('--rename <Model.old=new...>', 'treat these as field renames (asked interactively otherwise)')
    .option('--no-input', 'ask nothing: a field that looks renamed is removed and added')
    .action(async (labels: string[], options: {
      name?: string; dryRun?: boolean; check?: boolean; importFrom: string; extension: string; rename?: string[]; input: boolean;
    }) => {
      try {
        const ctx = await setUp(program);
        const selected = labels.length > 0 ? labels.map((l) => appNamed(ctx.apps, l)) : ctx.apps.filter((a) => a.migrations !== undefined);
        for (const app of selected) {
          if (app.migrations === undefined) {
            throw new ImproperlyConfigured(
              `App '${app.label}' has no migrations directory: give it defineApp({ migrations: new URL('./migrations/', import.meta.url) }).`,
            );
          }
        }
        ctx.loader.graph.validate();
        const labelsWanted = new Set(selected.map((a) => a.label));
        const current = ProjectState.fromApps(modelRegistry, [...labelsWanted]);
        const previous = ctx.loader.projectState();
        const renames = await confirmedRenames(renameCandidates(previous, current), options.rename ?? [], options.input && process.stdin.isTTY === true);
        const changes = detectChanges(previous, current, {
          askRenameField: (model, oldName, newName) => renames.has(`${model}.${oldName}=${newName}`),
        });
        let wrote = 0;
        // Names first, so a migration can depend on another app's migration written in this same run.
        const planned = new Map<string, string>();
        for (const app of selected) {
          const ops = changes.get(app.label);
          if (ops === undefined || ops.length === 0) continue;
          const leaves = ctx.loader.graph.leafNodes(app.label);
          const number = leaves.length === 0 ? 1 : Math.max(...leaves.map(([, n]) => Number.parseInt(n.slice(0, 4), 10))) + 1;
          planned.set(app.label, options.name ? `${String(number).padStart(4, '0')}_${options.name}` : migrationName(number, ops, leaves.length === 0));
        }
        for (const app of selected) {
          const ops = changes.get(app.label);
          if (ops === undefined || ops.length === 0) continue;
          wrote++;
          const own = ctx.loader.graph.leafNodes(app.label);
          const others = relatedApps(app.label, ops).flatMap((other): MigrationKey[] => {
            const name = planned.get(other);
            return name !== undefined ? [[other, name]] : ctx.loader.graph.leafNodes(other);
          });
          const leaves = [...own, ...others];
          const name = planned.get(app.label)!;
          const file = join(app.migrations!, `${name}.${options.extension}`);
          console.log(`Migrations for '${app.label}':\n  ${relative(process.cwd(), file)}`);
          for (const op of ops) console.log(`    - ${op.describe()}`);
          if (options.dryRun || options.check) continue;
          await mkdir(app.migrations!, { recursive: true });
          await writeFile(file, writeMigration(leaves, ops, { initial: own.length === 0, importFrom: options.importFrom }), { flag: 'wx' });
        }
        if (wrote === 0) console.log(labels.length === 1 ? `No changes detected in app '${labels[0]}'` : 'No changes detected');
        if (options.check && wrote > 0) process.exitCode = 1;
      } finally {
        await tearDown();
      }
    });
}

/**
 * The renames to make: those named with --rename, and, on a terminal, those the user confirms —
 * Django asks "Was book.price renamed to book.cost?" rather than guessing, since a wrong guess
 * drops a column.
 */
async function confirmedRenames(candidates: readonly RenameCandidate[], given: readonly string[], interactive: boolean): Promise<Set<string>> {
  const confirmed = new Set(given);
  if (!interactive || candidates.length === 0) return confirmed;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (const c of candidates) {
      const key = `${c.model}.${c.oldName}=${c.newName}`;
      if (confirmed.has(key)) continue;
      const answer = await prompt.question(`Was ${c.model.toLowerCase()}.${c.oldName} renamed to ${c.model.toLowerCase()}.${c.newName} (a ${c.field.internalType})? [y/N] `);
      if (/^y(es)?$/i.test(answer.trim())) confirmed.add(key);
    }
  } finally {
    prompt.close();
  }
  return confirmed;
}
