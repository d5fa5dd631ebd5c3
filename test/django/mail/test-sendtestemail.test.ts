/**
 * Django's tests/mail/test_sendtestemail.py, ported: `canter sendtestemail` through the CLI
 * program (Django's call_command), with the settings already configured, the locmem backend.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../../src/conf/index.js';
import { buildProgram } from '../../../src/core/management/program.js';
import { MailValueError, outbox, resetOutbox } from '../../../src/mail/index.js';
import * as sendtestemail from '../../../src/mail/management/sendtestemail.js';

const callCommand = async (...args: string[]): Promise<void> => {
  const program = buildProgram([sendtestemail]).exitOverride();
  await program.parseAsync(['node', 'canter', 'sendtestemail', ...args]);
};

beforeAll(() => {
  configureSettings(defineSettings({
    SECRET_KEY: 'k',
    EMAIL_BACKEND: 'locmem',
    ADMINS: [['Admin', 'admin@example.com'], ['Admin and Manager', 'admin_and_manager@example.com']],
    MANAGERS: [['Manager', 'manager@example.com'], ['Admin and Manager', 'admin_and_manager@example.com']],
  }));
});
afterEach(() => resetOutbox());

describe('SendTestEmailManagementCommand', () => {
  it('test_single_receiver: the mail is sent with the correct subject and recipient', async () => {
    const recipient = 'joe@example.com';
    await callCommand(recipient);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject.slice(0, 15)).toBe('Test email from');
    expect(outbox[0]!.recipients()).toEqual([recipient]);
  });

  it('test_multiple_receivers: the mail may be sent with multiple recipients', async () => {
    const recipients = ['joe@example.com', 'jane@example.com'];
    await callCommand(...recipients);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject.slice(0, 15)).toBe('Test email from');
    expect([...outbox[0]!.recipients()].sort()).toEqual([...recipients].sort());
  });

  it('test_missing_receivers', async () => {
    const msg = 'You must specify some email recipients, or pass the --managers or --admin options.';
    await expect(callCommand()).rejects.toThrow(new MailValueError(msg));
  });

  it('test_manager_receivers: --managers sends to MANAGERS', async () => {
    await callCommand('--managers');
    expect(outbox).toHaveLength(1);
    expect([...outbox[0]!.recipients()].sort()).toEqual(['admin_and_manager@example.com', 'manager@example.com']);
  });

  it('test_admin_receivers: --admins sends to ADMINS', async () => {
    await callCommand('--admins');
    expect(outbox).toHaveLength(1);
    expect([...outbox[0]!.recipients()].sort()).toEqual(['admin@example.com', 'admin_and_manager@example.com']);
  });

  it('test_manager_and_admin_receivers', async () => {
    await callCommand('--managers', '--admins');
    expect(outbox).toHaveLength(2);
    expect([...outbox[0]!.recipients()].sort()).toEqual(['admin_and_manager@example.com', 'manager@example.com']);
    expect([...outbox[1]!.recipients()].sort()).toEqual(['admin@example.com', 'admin_and_manager@example.com']);
  });
});
