import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { ValidationError } from '../../db/index.js';
import type { Model, ModelClass } from '../../db/index.js';
import { setUp, tearDown } from '../../db/management/setup.js';
import { CommandError } from '../errors.js';
import { validatePassword } from '../password-validation/index.js';
import { Prompter } from './prompt.js';

/** What changepassword needs of a user. */
interface PasswordUser extends Model {
  setPassword(raw: string): Promise<void>;
}

/** The attempts before changepassword gives up, as Django's MAX_TRIES. */
const MAX_TRIES = 3;

/**
 * `canter changepassword [username]`: Django's changepassword. Asks for the new password twice
 * (without echo on a terminal), checks it with AUTH_PASSWORD_VALIDATORS, and gives up after
 * three tries. The username defaults to the system user's.
 */
export function register(program: Command): void {
  program
    .command('changepassword')
    .description("Change a user's password (the system user's name by default)")
    .argument('[username]', 'the user whose password to change')
    .action(async (username: string | undefined) => {
      await setUp(program);
      try {
        // Loaded here, not at the CLI's start: a project without canter/auth never loads its models.
        const { getUserModel } = await import('../models/index.js');
        await changePassword(getUserModel(), username ?? userInfo().username);
      } finally {
        await tearDown();
      }
    });
}

/** The password change itself (separate from the CLI wiring so that it can be driven in tests). */
export async function changePassword(Users: ModelClass, username: string, prompter?: Prompter): Promise<void> {
  const field = (Users as unknown as { USERNAME_FIELD?: string }).USERNAME_FIELD ?? 'username';
  const user = await Users.objects.filter({ [field]: username } as never).first() as PasswordUser | undefined;
  if (user === undefined) throw new CommandError(`user '${username}' does not exist`);
  const ask = prompter ?? new Prompter();
  try {
    ask.output.write(`Changing password for user '${username}'\n`);
    for (let tries = 0; tries < MAX_TRIES; tries++) {
      const password = await ask.ask('Password: ', { hidden: true });
      const again = await ask.ask('Password (again): ', { hidden: true });
      if (password === null || again === null) throw new CommandError('Operation cancelled.');
      if (password !== again) {
        ask.output.write('Passwords do not match. Please try again.\n');
        continue;
      }
      try {
        await validatePassword(password, user as never);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        ask.output.write(`${error.messages.join('\n')}\n`);
        continue;
      }
      await user.setPassword(password);
      await user.save();
      ask.output.write(`Password changed successfully for user '${username}'\n`);
      return;
    }
    throw new CommandError(`Aborting password change for user '${username}' after ${MAX_TRIES} attempts`);
  } finally {
    if (prompter === undefined) ask.close();
  }
}
