import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { ValidationError } from '../../db/index.js';
import type { Model, ModelClass } from '../../db/index.js';
import { setUp, tearDown } from '../../db/management/setup.js';
import { CommandError } from '../errors.js';
import { validatePassword } from '../password-validation/index.js';
import { Prompter } from './prompt.js';

/** What createsuperuser needs of the user model. */
export interface SuperuserModel extends ModelClass {
  USERNAME_FIELD: string;
  EMAIL_FIELD?: string;
  REQUIRED_FIELDS: readonly string[];
  objects: ModelClass['objects'] & {
    createSuperuser(username: string, email?: string | null, password?: string | null, extra?: Record<string, unknown>): Promise<Model>;
  };
}

interface Options {
  username?: string;
  email?: string;
  input: boolean;
}

/**
 * `canter createsuperuser`: Django's createsuperuser. Interactive by default (username, the
 * user model's REQUIRED_FIELDS, the password twice, checked by AUTH_PASSWORD_VALIDATORS with a
 * chance to bypass them); `--noinput` takes every value from the options and from
 * DJANGO_SUPERUSER_<FIELD> environment variables (DJANGO_SUPERUSER_PASSWORD; without one the
 * password is unusable), as Django does.
 */
export function register(program: Command): void {
  program
    .command('createsuperuser')
    .description('Create a superuser (is_staff and is_superuser), asking for its username, fields and password')
    .option('--username <value>', 'the username (the user model\'s USERNAME_FIELD)')
    .option('--email <value>', 'the email address')
    .option('--noinput, --no-input', 'ask nothing: take values from the options and DJANGO_SUPERUSER_* variables')
    .action(async (options: Options) => {
      await setUp(program);
      try {
        // Loaded here, not at the CLI's start: a project without canter/auth never loads its models.
        const { getUserModel } = await import('../models/index.js');
        await createSuperuser(getUserModel() as SuperuserModel, options, process.env);
      } finally {
        await tearDown();
      }
    });
}

/** The superuser creation itself (separate from the CLI wiring so that it can be driven in tests). */
export async function createSuperuser(
  Users: SuperuserModel,
  options: Options,
  env: Readonly<Record<string, string | undefined>>,
  prompter?: Prompter,
): Promise<Model> {
  const usernameField = Users.USERNAME_FIELD;
  const fields = [...Users.REQUIRED_FIELDS];
  const given: Record<string, string | undefined> = { [usernameField]: options.username };
  if (options.email !== undefined) given[Users.EMAIL_FIELD ?? 'email'] = options.email;
  const data: Record<string, unknown> = {};
  let password: string | null = null;
  if (!options.input) {
    password = env.DJANGO_SUPERUSER_PASSWORD ?? null;
    for (const field of [usernameField, ...fields]) {
      const value = given[field] ?? env[`DJANGO_SUPERUSER_${field.toUpperCase()}`];
      if (value === undefined) {
        throw new CommandError(field === usernameField ? `You must use --${usernameField} with --noinput.` : `You must use --${field} with --noinput.`);
      }
      data[field] = await cleanField(Users, field, value, true);
    }
  } else {
    const ask = prompter ?? new Prompter();
    try {
      for (const field of [usernameField, ...fields]) {
        data[field] = given[field] !== undefined
          ? await cleanField(Users, field, given[field], true)
          : await askField(Users, ask, field, field === usernameField ? await defaultUsername(Users) : undefined);
      }
      password = await askPassword(ask, Users, data);
    } finally {
      if (prompter === undefined) ask.close();
    }
  }
  const email = (data[Users.EMAIL_FIELD ?? 'email'] as string | undefined) ?? null;
  const extra = Object.fromEntries(Object.entries(data).filter(([field]) => field !== usernameField && field !== (Users.EMAIL_FIELD ?? 'email')));
  const user = await Users.objects.createSuperuser(String(data[usernameField]), email, password, extra);
  process.stdout.write('Superuser created successfully.\n');
  return user;
}

/** A value of a field, cleaned by the field (its validators), and for the username, unused. */
async function cleanField(Users: SuperuserModel, field: string, raw: string, isUsername: boolean): Promise<unknown> {
  const cleaned = Users.meta.getField(field).clean(raw);
  if (isUsername && field === Users.USERNAME_FIELD && await Users.objects.filter({ [field]: cleaned } as never).exists()) {
    throw new CommandError(`Error: That ${verboseName(Users, field)} is already taken.`);
  }
  return cleaned;
}

async function askField(Users: SuperuserModel, ask: Prompter, field: string, fallback: string | undefined): Promise<unknown> {
  for (;;) {
    const label = capitalize(verboseName(Users, field));
    const answer = await ask.ask(fallback ? `${label} (leave blank to use '${fallback}'): ` : `${label}: `);
    if (answer === null) throw new CommandError('Operation cancelled.');
    const raw = answer === '' && fallback ? fallback : answer;
    if (raw === '' && field === Users.USERNAME_FIELD) {
      ask.output.write(`Error: ${capitalize(verboseName(Users, field))} cannot be blank.\n`);
      continue;
    }
    try {
      return await cleanField(Users, field, raw, true);
    } catch (error) {
      if (error instanceof CommandError) ask.output.write(`${error.message}\n`);
      else if (error instanceof ValidationError) ask.output.write(`Error: ${error.messages.join('; ')}\n`);
      else throw error;
    }
  }
}

async function askPassword(ask: Prompter, Users: SuperuserModel, data: Record<string, unknown>): Promise<string> {
  for (;;) {
    const password = await ask.ask('Password: ', { hidden: true });
    const again = await ask.ask('Password (again): ', { hidden: true });
    if (password === null || again === null) throw new CommandError('Operation cancelled.');
    if (password !== again) {
      ask.output.write("Error: Your passwords didn't match.\n");
      continue;
    }
    if (password.trim() === '') {
      ask.output.write("Error: Blank passwords aren't allowed.\n");
      continue;
    }
    try {
      await validatePassword(password, new Users(data) as never);
      return password;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      ask.output.write(`${error.messages.join('\n')}\n`);
      const bypass = await ask.ask('Bypass password validation and create user anyway? [y/N]: ');
      if (bypass !== null && /^y/i.test(bypass)) return password;
    }
  }
}

/** Django's get_default_username: the system user's name, lower-cased, when it is a valid, unused username. */
async function defaultUsername(Users: SuperuserModel): Promise<string | undefined> {
  let name: string;
  try {
    name = [...userInfo().username.normalize('NFKD')].filter((c) => c.charCodeAt(0) < 128 && c !== ' ').join('').toLowerCase();
  } catch {
    return undefined;
  }
  if (name === '') return undefined;
  try {
    Users.meta.getField(Users.USERNAME_FIELD).clean(name);
  } catch {
    return undefined;
  }
  return await Users.objects.filter({ [Users.USERNAME_FIELD]: name } as never).exists() ? undefined : name;
}

function verboseName(Users: SuperuserModel, field: string): string {
  return (Users.meta.getField(field) as { verboseName?: string }).verboseName ?? field.replace(/_/g, ' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
