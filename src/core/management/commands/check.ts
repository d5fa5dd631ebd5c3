import type { Command } from 'commander';
import { runChecks } from '../../../conf/checks.js';
import { Handler } from '../../handler.js';
import { loadSettings } from '../../../conf/load-settings.js';

export function register(program: Command): void {
  program
    .command('check')
    .description('Load and validate the settings, build the middleware chain and URL resolver, and report problems')
    .action(async () => {
      await loadSettings(program.opts<{ settings?: string }>().settings);
      new Handler();
      await runChecks();
      console.log('System check identified no issues.');
    });
}
