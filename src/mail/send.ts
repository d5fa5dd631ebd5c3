/** Django's shortcuts: send_mail, send_mass_mail, mail_admins, mail_managers. */
import { getSettings } from '../conf/settings/index.js';
import type { BaseEmailBackend } from './backends/base.js';
import { getConnection } from './connection.js';
import { EmailMessage } from './message.js';
import { EmailMultiAlternatives } from './multi-alternatives.js';

/** The keyword arguments of send_mail. */
export interface SendMailOptions {
  failSilently?: boolean;
  /** The SMTP username, instead of EMAIL_HOST_USER. */
  authUser?: string | null;
  /** The SMTP password, instead of EMAIL_HOST_PASSWORD. */
  authPassword?: string | null;
  connection?: BaseEmailBackend | null;
  /** An HTML version of the message, sent as a text/html alternative. */
  htmlMessage?: string | null;
}

function connectionFor(options: SendMailOptions): BaseEmailBackend {
  return options.connection ?? getConnection(null, {
    username: options.authUser ?? null,
    password: options.authPassword ?? null,
    failSilently: options.failSilently ?? false,
  });
}

/**
 * Sends one message to `recipientList`; resolves to the number sent (1, or 0 when it failed
 * silently). `fromEmail` null takes DEFAULT_FROM_EMAIL.
 *
 * @example
 * await sendMail('Reset your password', text, null, [user.email], { htmlMessage: html });
 */
export async function sendMail(
  subject: string,
  message: string,
  fromEmail: string | null,
  recipientList: readonly string[],
  options: SendMailOptions = {},
): Promise<number> {
  const mail = new EmailMultiAlternatives(subject, message, fromEmail, recipientList, { connection: connectionFor(options) });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  return mail.send();
}

/** One message of sendMassMail: [subject, message, fromEmail, recipientList]. */
export type MassMailMessage = readonly [string, string, string | null, readonly string[]];

/**
 * Sends several messages over one connection; resolves to the number sent.
 *
 * @example
 * await sendMassMail([['Subject', 'Body', null, ['a@example.com']], ['Other', 'Body', null, ['b@example.com']]]);
 */
export async function sendMassMail(datatuple: Iterable<MassMailMessage>, options: Omit<SendMailOptions, 'htmlMessage'> = {}): Promise<number> {
  const connection = connectionFor(options);
  const messages = [...datatuple].map(([subject, message, sender, recipients]) =>
    new EmailMessage(subject, message, sender, recipients, { connection }));
  return connection.sendMessages(messages);
}

/** The keyword arguments of mail_admins and mail_managers. */
export type MailStaffOptions = Omit<SendMailOptions, 'authUser' | 'authPassword'>;

function addressesOf(entries: ReadonlyArray<string | readonly [string, string]>): string[] {
  return entries.map((entry) => (typeof entry === 'string' ? entry : entry[1]));
}

async function mailStaff(setting: 'ADMINS' | 'MANAGERS', subject: string, message: string, options: MailStaffOptions): Promise<void> {
  const settings = getSettings();
  const recipients = addressesOf(settings[setting]);
  if (recipients.length === 0) return;
  const mail = new EmailMultiAlternatives(`${settings.EMAIL_SUBJECT_PREFIX}${subject}`, message, settings.SERVER_EMAIL, recipients, {
    connection: options.connection ?? null,
  });
  if (options.htmlMessage) mail.attachAlternative(options.htmlMessage, 'text/html');
  await mail.send(options.failSilently ?? false);
}

/**
 * Mails the site admins (ADMINS), from SERVER_EMAIL, the subject prefixed by
 * EMAIL_SUBJECT_PREFIX; does nothing when ADMINS is empty.
 */
export async function mailAdmins(subject: string, message: string, options: MailStaffOptions = {}): Promise<void> {
  await mailStaff('ADMINS', subject, message, options);
}

/** As mailAdmins(), to MANAGERS. */
export async function mailManagers(subject: string, message: string, options: MailStaffOptions = {}): Promise<void> {
  await mailStaff('MANAGERS', subject, message, options);
}
