import type { ConnectionOptions } from 'node:tls';
import type SMTPConnectionType from 'nodemailer/lib/smtp-connection';
import { getSettings } from '../../conf/settings/index.js';
import { envelopeAddress, sanitizeAddress } from '../address.js';
import { mailCharset } from '../charsets.js';
import { dnsName } from '../dns-name.js';
import { MailValueError } from '../errors.js';
import { importPackage } from '../import-package.js';
import type { EmailMessage } from '../message.js';
import { BaseEmailBackend, type EmailBackendOptions } from './base.js';

/** The SMTP backend's options; each left out takes its EMAIL_* setting. */
export interface SmtpEmailBackendOptions extends EmailBackendOptions {
  host?: string | null;
  port?: number | null;
  username?: string | null;
  password?: string | null;
  /** STARTTLS after connecting (EMAIL_USE_TLS; usually port 587). */
  useTls?: boolean | null;
  /** TLS from the start (EMAIL_USE_SSL; usually port 465). */
  useSsl?: boolean | null;
  /** Seconds before connecting or any later step gives up (EMAIL_TIMEOUT). */
  timeout?: number | null;
  sslKeyfile?: string | null;
  sslCertfile?: string | null;
  /** More options for tls.connect (a private CA, for instance). */
  tls?: ConnectionOptions;
}

type SmtpConnectionClass = typeof SMTPConnectionType;
type SmtpConnection = SMTPConnectionType;

async function loadSmtpConnection(): Promise<SmtpConnectionClass> {
  const module = await importPackage<{ default: SmtpConnectionClass }>('nodemailer/lib/smtp-connection', 'nodemailer', 'The SMTP mail backend');
  return module.default;
}

const pick = <T>(given: T | null | undefined, setting: T): T => (given === null || given === undefined ? setting : given);

/**
 * Sends messages through an SMTP server (Django's smtp backend), over nodemailer's SMTP client,
 * loaded only when this backend is used. `open()` connects (and logs in when a username and
 * password are set); `sendMessages()` opens and closes a connection itself when none is open.
 */
export class SmtpEmailBackend extends BaseEmailBackend {
  host: string;
  port: number;
  username: string;
  password: string;
  useTls: boolean;
  useSsl: boolean;
  timeout: number | null;
  sslKeyfile: string | null;
  sslCertfile: string | null;
  tls: ConnectionOptions;
  /** The open SMTP connection, or null. */
  connection: SmtpConnection | null = null;

  constructor(options: SmtpEmailBackendOptions = {}) {
    super(options);
    const s = getSettings();
    this.host = pick(options.host, s.EMAIL_HOST);
    this.port = pick(options.port, s.EMAIL_PORT);
    this.username = pick(options.username, s.EMAIL_HOST_USER);
    this.password = pick(options.password, s.EMAIL_HOST_PASSWORD);
    this.useTls = pick(options.useTls, s.EMAIL_USE_TLS);
    this.useSsl = pick(options.useSsl, s.EMAIL_USE_SSL);
    this.timeout = pick(options.timeout, s.EMAIL_TIMEOUT);
    this.sslKeyfile = pick(options.sslKeyfile, s.EMAIL_SSL_KEYFILE);
    this.sslCertfile = pick(options.sslCertfile, s.EMAIL_SSL_CERTFILE);
    this.tls = options.tls ?? {};
    if (this.useSsl && this.useTls) {
      throw new MailValueError('EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.');
    }
  }

  /** Connects (and logs in); false when already connected, null when it failed silently. */
  override async open(): Promise<boolean | null> {
    if (this.connection !== null) return false;
    const SMTPConnection = await loadSmtpConnection();
    const ms = this.timeout === null ? undefined : this.timeout * 1000;
    const tls: ConnectionOptions = { ...this.tls };
    if (this.sslKeyfile !== null || this.sslCertfile !== null) {
      const { readFile } = await import('node:fs/promises');
      if (this.sslCertfile !== null) tls.cert = await readFile(this.sslCertfile);
      if (this.sslKeyfile !== null) tls.key = await readFile(this.sslKeyfile);
    }
    const connection = new SMTPConnection({
      host: this.host,
      port: this.port,
      secure: this.useSsl,
      requireTLS: this.useTls,
      // Without EMAIL_USE_TLS Django never starts TLS, even when the server offers it.
      ignoreTLS: !this.useTls,
      name: dnsName(),
      connectionTimeout: ms,
      greetingTimeout: ms,
      socketTimeout: ms,
      tls,
    });
    // A failed connect comes only as an 'error' event (its callback is never called); later
    // errors come to the callbacks as well, and the listener keeps them from ending the process.
    let failConnect: ((error: Error) => void) | undefined;
    connection.on('error', (error: Error) => failConnect?.(error));
    try {
      await new Promise<void>((done, fail) => {
        failConnect = fail;
        connection.connect((error) => (error ? fail(error) : done()));
      });
      failConnect = undefined;
      if (this.username && this.password) {
        await new Promise<void>((done, fail) =>
          connection.login({ user: this.username, pass: this.password }, (error) => (error ? fail(error) : done())));
      }
    } catch (error) {
      connection.close();
      if (this.failSilently) return null;
      throw error;
    }
    this.connection = connection;
    return true;
  }

  /** Says QUIT and closes the connection, if one is open. */
  override async close(): Promise<void> {
    const connection = this.connection;
    if (connection === null) return;
    this.connection = null;
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 2000);
      timer.unref();
      connection.once('end', () => {
        clearTimeout(timer);
        done();
      });
      try {
        connection.quit();
      } catch {
        connection.close();
      }
    });
  }

  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    const list = [...messages];
    if (list.length === 0) return 0;
    const opened = await this.open();
    if (this.connection === null || opened === null) return 0;
    let sent = 0;
    try {
      for (const message of list) if (await this.#send(message, this.connection)) sent++;
    } finally {
      if (opened) await this.close();
    }
    return sent;
  }

  async #send(message: EmailMessage, connection: SmtpConnection): Promise<boolean> {
    const recipients = message.recipients();
    if (recipients.length === 0) return false;
    const charset = mailCharset(message.charset);
    // Addresses are checked before anything goes out (InvalidAddress is never silenced).
    const from = envelopeAddress(sanitizeAddress(message.fromEmail, charset));
    const to = recipients.map((address) => envelopeAddress(sanitizeAddress(address, charset)));
    const data = message.message().asBytes('\r\n');
    try {
      await new Promise<void>((done, fail) =>
        connection.send({ from, to, use8BitMime: true }, data, (error) => (error ? fail(error) : done())));
    } catch (error) {
      if (!this.failSilently) throw error;
      return false;
    }
    return true;
  }
}
