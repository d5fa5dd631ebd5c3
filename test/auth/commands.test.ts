/**
 * `canter createsuperuser` and `canter changepassword`: Django's two user commands, driven
 * in process through a Prompter fed like a terminal, and once each through the real CLI.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApp, CommandError, ContentType, contentTypesApp, Group, Permission, User } from '../../src/auth/index.js';
import { changePassword, createSuperuser, Prompter } from '../../src/auth/management/index.js';
import type { SuperuserModel } from '../../src/auth/management/createsuperuser.js';
import { overrideSettings } from '../../src/core/index.js';
import { describeDatabases } from '../../src/testing/databases.js';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

/** A Prompter answering with `lines`, and what it wrote. */
function scripted(lines: readonly string[]): { prompter: Prompter; written: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => { written += chunk.toString(); });
  input.end(lines.map((line) => `${line}\n`).join(''));
  return { prompter: new Prompter(input, output), written: () => written };
}

const Users = User as unknown as SuperuserModel;

await describeDatabases('createsuperuser and changepassword, in process', () => {
  beforeAll(() => overrideSettings({
    INSTALLED_APPS: [contentTypesApp, authApp],
    PASSWORD_HASHERS: ['md5'],
    AUTH_PASSWORD_VALIDATORS: [{ NAME: 'MinimumLengthValidator', OPTIONS: { min_length: 8 } }, { NAME: 'NumericPasswordValidator' }],
  }));

  it('--noinput takes the username from --username and the password from DJANGO_SUPERUSER_PASSWORD', async () => {
    await createSuperuser(Users, { username: 'admin', email: 'admin@example.com', input: false }, { DJANGO_SUPERUSER_PASSWORD: 'a-long-secret' });
    const admin = await User.objects.get({ username: 'admin' });
    expect([admin.is_staff, admin.is_superuser, admin.email]).toEqual([true, true, 'admin@example.com']);
    expect(await admin.checkPassword('a-long-secret')).toBe(true);
  });

  it('--noinput reads DJANGO_SUPERUSER_<FIELD> too; without a password the password is unusable', async () => {
    await createSuperuser(Users, { input: false }, { DJANGO_SUPERUSER_USERNAME: 'envadmin', DJANGO_SUPERUSER_EMAIL: 'env@example.com' });
    const admin = await User.objects.get({ username: 'envadmin' });
    expect(admin.email).toBe('env@example.com');
    expect(admin.hasUsablePassword()).toBe(false);
  });

  it('--noinput without a username is an error naming --username; a taken or invalid username is refused', async () => {
    await expect(createSuperuser(Users, { input: false }, {})).rejects.toThrow('You must use --username with --noinput.');
    await expect(createSuperuser(Users, { input: false, username: 'x' }, {})).rejects.toThrow('You must use --email with --noinput.');
    await User.objects.createUser('taken');
    await expect(createSuperuser(Users, { input: false, username: 'taken', email: '' }, {})).rejects.toThrow('Error: That username is already taken.');
    await expect(createSuperuser(Users, { input: false, username: 'bad name!', email: '' }, {})).rejects.toThrow(/valid username/);
    await expect(createSuperuser(Users, { input: false }, {})).rejects.toBeInstanceOf(CommandError);
  });

  it('interactive: asks again after a taken name, passwords that differ, a blank one and one the validators refuse', async () => {
    await User.objects.createUser('root');
    const { prompter, written } = scripted([
      'root', 'ann', 'ann@example.com',
      'one-password', 'another-password',
      ' ', ' ',
      '1234', '1234', 'n',
      'a-good-password', 'a-good-password',
    ]);
    await createSuperuser(Users, { input: true }, {}, prompter);
    const text = written();
    expect(text).toContain('Error: That username is already taken.');
    expect(text).toContain("Error: Your passwords didn't match.");
    expect(text).toContain("Error: Blank passwords aren't allowed.");
    expect(text).toContain('This password is too short. It must contain at least 8 characters.');
    expect(text).toContain('This password is entirely numeric.');
    expect(text).toContain('Bypass password validation and create user anyway? [y/N]: ');
    const ann = await User.objects.get({ username: 'ann' });
    expect(await ann.checkPassword('a-good-password')).toBe(true);
    expect(ann.is_superuser).toBe(true);
  });

  it('interactive: "y" bypasses the validators', async () => {
    const { prompter } = scripted(['bea', '', '123', '123', 'y']);
    await createSuperuser(Users, { input: true }, {}, prompter);
    expect(await (await User.objects.get({ username: 'bea' })).checkPassword('123')).toBe(true);
  });

  it('interactive: the end of the input cancels', async () => {
    const { prompter } = scripted(['cat']);
    await expect(createSuperuser(Users, { input: true }, {}, prompter)).rejects.toThrow('Operation cancelled.');
    expect(await User.objects.filter({ username: 'cat' }).exists()).toBe(false);
  });

  it('changepassword: changes it after a mismatch and a refused password', async () => {
    await User.objects.createUser('dan', '', 'old-password');
    const { prompter, written } = scripted(['new-password', 'typo', '12345678', '12345678', 'new-password', 'new-password']);
    await changePassword(User, 'dan', prompter);
    expect(written()).toContain('Passwords do not match. Please try again.');
    expect(written()).toContain('This password is entirely numeric.');
    expect(written()).toContain("Password changed successfully for user 'dan'");
    expect(await (await User.objects.get({ username: 'dan' })).checkPassword('new-password')).toBe(true);
  });

  it('changepassword: gives up after three tries, and refuses a user that does not exist', async () => {
    await User.objects.createUser('eve', '', 'old-password');
    const { prompter } = scripted(['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
    await expect(changePassword(User, 'eve', prompter)).rejects.toThrow("Aborting password change for user 'eve' after 3 attempts");
    expect(await (await User.objects.get({ username: 'eve' })).checkPassword('old-password')).toBe(true);
    await expect(changePassword(User, 'nobody', scripted([]).prompter)).rejects.toThrow("user 'nobody' does not exist");
  });
}, { models: () => [ContentType, Permission, Group, User], flush: true, vendors: ['sqlite'] });

describe('the real CLI', { timeout: 120_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const canter = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--settings', 'test/fixtures/auth-settings.ts', ...args], { cwd: root, env: { ...env, ...extra } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'canter-auth-cli-'));
    env = { ...process.env, AUTH_TEST_DB: join(dir, 'db.sqlite3'), QUIET: '1' };
    await canter(['migrate']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('createsuperuser --noinput, then changepassword with the password piped in', async () => {
    const created = await canter(['createsuperuser', '--noinput', '--username', 'root', '--email', 'root@example.com'], { DJANGO_SUPERUSER_PASSWORD: 'first-password' });
    expect(created.stdout).toContain('Superuser created successfully.');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--settings', 'test/fixtures/auth-settings.ts', 'changepassword', 'root'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stdin.end('second-password\nsecond-password\n');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(out).toContain("Password changed successfully for user 'root'");
    expect(code).toBe(0);
  });

  it('canter check runs the auth checks: an AUTH_USER_MODEL that is not installed stops it', async () => {
    expect((await canter(['check'])).stdout).toContain('System check identified no issues');
    const failed = await canter(['check'], { AUTH_TEST_USER_MODEL: 'shop.Customer' }).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain("AUTH_USER_MODEL refers to model 'shop.Customer' that has not been installed.");
  });

  it('an error is CommandError on stderr with exit status 1', async () => {
    const failed = await canter(['createsuperuser', '--noinput']).catch((error: { code: number; stderr: string }) => error);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain('CommandError: You must use --username with --noinput.');
  });
});
