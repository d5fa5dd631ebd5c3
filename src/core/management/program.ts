import { Command } from 'commander';
import { CanterError } from '../../conf/errors.js';
import * as check from './commands/check.js';
import * as runserver from './commands/runserver.js';

/** A command module: adds its subcommand to the program. Later subsystems add theirs here. */
export interface CommandModule {
  register(program: Command): void;
}

const BUILT_IN: readonly CommandModule[] = [runserver, check];

/** The `canter` program with every command registered. */
export function buildProgram(extra: readonly CommandModule[] = []): Command {
  const program = new Command('canter')
    .description("Canter: Django's request machinery for TypeScript")
    .option('--settings <path>', 'the settings module (default: $CANTER_SETTINGS)');
  for (const module of [...BUILT_IN, ...extra]) module.register(program);
  return program;
}

/** Runs the CLI; errors of ours print their message (no stack) and exit 1. */
export async function main(argv: readonly string[] = process.argv, extra: readonly CommandModule[] = []): Promise<void> {
  try {
    await buildProgram(extra).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CanterError) {
      console.error(`CommandError: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
