import type { Command } from 'commander';
import { hostname } from 'node:os';
import { loadSettings } from '../../conf/load-settings.js';
import { settingsConfigured } from '../../conf/settings/index.js';
import { MailValueError } from '../errors.js';
import { mailAdmins, mailManagers, sendMail } from '../send.js';

/** Now as Python's str() of an aware UTC datetime: '2026-12-07 23:40:00.123000+00:00'. */
function pythonNow(): string {
  const iso = new Date().toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

/**
 * `canter sendtestemail [email...] [--managers] [--admins]`: Django's sendtestemail, to check
 * that the EMAIL_* settings deliver. Add it to the CLI's command modules.
 */
export function register(program: Command): void {
  program
    .command('sendtestemail')
    .description('Send a test email to the addresses given (and to MANAGERS/ADMINS) to check the EMAIL_* settings')
    .argument('[email...]', 'one or more email addresses to send a test email to')
    .option('--managers', 'send a test email to the addresses in MANAGERS')
    .option('--admins', 'send a test email to the addresses in ADMINS')
    .action(async (emails: string[], options: { managers?: boolean; admins?: boolean }) => {
      const settingsPath = program.opts<{ settings?: string }>().settings;
      if (settingsPath !== undefined || !settingsConfigured()) await loadSettings(settingsPath);
      if (emails.length === 0 && !options.managers && !options.admins) {
        throw new MailValueError('You must specify some email recipients, or pass the --managers or --admin options.');
      }
      const subject = `Test email from ${hostname()} on ${pythonNow()}`;
      if (emails.length > 0) await sendMail(subject, "If you're reading this, it was successful.", null, emails);
      if (options.managers) await mailManagers(subject, 'This email was sent to the site managers.');
      if (options.admins) await mailAdmins(subject, 'This email was sent to the site admins.');
    });
}
