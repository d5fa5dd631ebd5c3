import type { Command } from 'commander';
import { resolveTarget } from './migrate.js';
import { setUp, tearDown } from '../setup.js';

export function register(program: Command): void {
  program
    .command('sqlmigrate')
    .description('Print the SQL a migration runs (or, with --backwards, the SQL that undoes it)')
    .argument('<app>', 'the app label')
    .argument('<migration>', 'the migration name or a unique prefix')
    .option('--database <alias>', 'the DATABASES alias', 'default')
    .option('--backwards', 'the SQL that unapplies it')
    .action(async (app: string, name: string, options: { database: string; backwards?: boolean }) => {
      try {
        const ctx = await setUp(program);
        const [[, resolved]] = resolveTarget(ctx.loader, app, name) as [[string, string]];
        const migration = ctx.loader.get([app, resolved]);
        const before = ctx.loader.graph.forwardsPlan(migration.key).slice(0, -1);
        const state = ctx.loader.projectState(before);
        const editor = ctx.connection(options.database).schemaEditor({ collectSql: true });
        await editor.run(async (ed) => {
          if (options.backwards) await migration.unapply(state, ed);
          else await migration.apply(state, ed);
        });
        console.log(editor.collectedSql.join('\n'));
      } finally {
        await tearDown();
      }
    });
}
