import type { Command } from 'commander';
import { keyString } from '../../migrations/graph.js';
import { MigrationRecorder } from '../../migrations/recorder.js';
import { appNamed, setUp, tearDown } from '../setup.js';

export function register(program: Command): void {
  program
    .command('showmigrations')
    .description('List each app\'s migrations, [X] where applied')
    .argument('[apps...]', 'only these app labels')
    .option('--database <alias>', 'the DATABASES alias', 'default')
    .option('--plan', 'list every migration in the order migrate would apply it')
    .action(async (labels: string[], options: { database: string; plan?: boolean }) => {
      try {
        const ctx = await setUp(program);
        const applied = await new MigrationRecorder(ctx.connection(options.database)).applied();
        const mark = (id: string): string => (applied.has(id) ? '[X]' : '[ ]');
        if (options.plan) {
          for (const key of ctx.loader.graph.fullPlan()) console.log(`${mark(keyString(key))}  ${keyString(key)}`);
          return;
        }
        const apps = labels.length > 0 ? labels.map((l) => appNamed(ctx.apps, l)) : ctx.apps;
        for (const app of apps) {
          console.log(app.label);
          const names = ctx.loader.graph.nodes.filter(([a]) => a === app.label).map(([, n]) => n).sort();
          if (names.length === 0) console.log(' (no migrations)');
          for (const name of names) console.log(` ${mark(`${app.label}.${name}`)} ${name}`);
        }
      } finally {
        await tearDown();
      }
    });
}
