import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { UnknownMigration } from '../../migrations/errors.js';
import { MigrationExecutor } from '../../migrations/executor.js';
import type { PlanStep, Target } from '../../migrations/executor.js';
import type { MigrationLoader } from '../../migrations/loader.js';
import { setUp, tearDown } from '../setup.js';

/** `app` alone, `app name-or-prefix`, or `app zero`, as Django's migrate takes them. */
export function resolveTarget(loader: MigrationLoader, app: string, name: string | undefined): Target[] | undefined {
  if (name === undefined) {
    const leaves = loader.graph.leafNodes(app);
    if (leaves.length === 0) throw new UnknownMigration(`App '${app}' does not have migrations.`);
    return leaves.map(([a, n]) => [a, n] as const);
  }
  if (name === 'zero') return [[app, null]];
  const matches = loader.graph.nodes.filter(([a, n]) => a === app && n.startsWith(name));
  if (matches.length === 1) return [[app, matches[0]![1]]];
  if (matches.length === 0) throw new UnknownMigration(`Cannot find a migration matching '${name}' from app '${app}'.`);
  throw new UnknownMigration(`More than one migration matches '${name}' in app '${app}': ${matches.map(([, n]) => n).join(', ')}. Please be more specific.`);
}

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Apply (or unapply) migrations to bring the database schema up to date')
    .argument('[app]', 'only this app')
    .argument('[migration]', "a migration name (or unique prefix) to move to, or 'zero'")
    .option('--database <alias>', 'the DATABASES alias', 'default')
    .option('--fake', 'record the migrations as applied/unapplied without running them')
    .option('--plan', 'show the plan, change nothing')
    .action(async (app: string | undefined, name: string | undefined, options: { database: string; fake?: boolean; plan?: boolean }) => {
      try {
        const ctx = await setUp(program);
        const executor = new MigrationExecutor(ctx.connection(options.database), ctx.loader);
        const targets = app === undefined ? executor.defaultTargets() : resolveTarget(ctx.loader, app, name)!;
        const plan = await executor.plan(targets);
        console.log('Operations to perform:');
        console.log(app === undefined ? `  Apply all migrations: ${[...ctx.loader.migratedApps].sort().join(', ') || '(none)'}` : `  Target specific migration: ${name ?? 'latest'}, from ${app}`);
        if (options.plan) return printPlan(plan);
        console.log('Running migrations:');
        if (plan.length === 0) return void console.log('  No migrations to apply.');
        const bar = process.stdout.isTTY && plan.length > 3
          ? new SingleBar({ format: '  {bar} {value}/{total} {migration}', hideCursor: true, clearOnComplete: true })
          : undefined;
        bar?.start(plan.length, 0, { migration: '' });
        await executor.migrate(targets, {
          fake: options.fake === true,
          onProgress: ({ step: [migration, backwards], index, done, ms }) => {
            const verb = backwards ? 'Unapplying' : 'Applying';
            if (bar) return done ? bar.update(index + 1, { migration: migration.toString() }) : bar.update(index, { migration: `${verb} ${migration}` });
            if (done) console.log(`  ${verb} ${migration}...${options.fake ? ' FAKED' : ' OK'} (${Math.round(ms ?? 0)} ms)`);
          },
        });
        if (bar) {
          bar.stop();
          console.log(`  ${plan[0]![1] ? 'Unapplied' : 'Applied'} ${plan.length} migration(s).`);
        }
      } finally {
        await tearDown();
      }
    });
}

function printPlan(plan: readonly PlanStep[]): void {
  console.log('Planned operations:');
  if (plan.length === 0) console.log('  No planned migration operations.');
  for (const [migration, backwards] of plan) {
    console.log(`${migration}${backwards ? ' (backwards)' : ''}`);
    for (const op of migration.operations) console.log(`    ${backwards ? 'Undo ' : ''}${op.describe()}`);
  }
}
