/**
 * Django's tests/mail/tests.py, the backend tests: BaseEmailBackendTests run against the locmem,
 * file, console and SMTP backends (the SMTP ones against a real SMTP server, npm's smtp-server,
 * started here on a free port, as Django starts aiosmtpd), and each backend's own tests.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, it as vitestIt, vi } from 'vitest';
import { configureSettings, defineSettings, ImproperlyConfigured, overrideSettings } from '../../../src/conf/index.js';
import {
  BadHeaderError, EmailMessage, getConnection, InvalidAddress, LocmemEmailBackend, mailAdmins, mailManagers, MailValueError, MESSAGE_SEPARATOR,
  outbox, resetOutbox, sendMail, SmtpEmailBackend,
} from '../../../src/mail/index.js';
import { parseMessage, type ParsedMessage } from './parse-message.js';

interface Mailbox {
  content(): ParsedMessage[];
  flush(): void;
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'mail-backend-tests', EMAIL_BACKEND: 'locmem' }));
});

/** Django's BaseEmailBackendTests, for the backend `backend`, reading what it sent from `mailbox()`. */
function baseEmailBackendTests(mailbox: () => Mailbox, skip: Readonly<Record<string, string>> = {}): void {
  const it = (name: string, fn: () => unknown): void => {
    const reason = Object.entries(skip).find(([test]) => name.startsWith(test))?.[1];
    if (reason === undefined) vitestIt(name, fn);
    else vitestIt.skip(`${name} — skipped: ${reason}`, fn);
  };
  const theMessage = (): ParsedMessage => {
    const content = mailbox().content();
    expect(content.length, `Expected exactly one message, got ${content.length}`).toBe(1);
    return content[0]!;
  };

  it('test_send', async () => {
    const email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com']);
    expect(await getConnection().sendMessages([email])).toBe(1);
    const message = theMessage();
    expect(message.get('subject')).toBe('Subject');
    expect(message.payload).toBe('Content');
    expect(message.get('from')).toBe('from@example.com');
    expect(message.getAll('to')).toEqual(['to@example.com']);
  });

  it('test_send_unicode', async () => {
    const email = new EmailMessage('Chère maman', "Je t'aime très fort", 'from@example.com', ['to@example.com']);
    expect(await getConnection().sendMessages([email])).toBe(1);
    const message = theMessage();
    expect(message.get('subject')).toBe('Chère maman');
    expect(message.source).toContain('Subject: =?utf-8?q?Ch=C3=A8re_maman?=');
    expect(message.payload).toBe("Je t'aime très fort");
  });

  it('test_send_long_lines: lines over 998 bytes go quoted-printable', async () => {
    await new EmailMessage('Subject', 'В южных морях '.repeat(60), 'from@example.com', ['to@example.com']).send();
    const message = theMessage();
    expect(message.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="utf-8"'], ['Content-Transfer-Encoding', 'quoted-printable'],
    ]));
    expect(message.payload).toBe('В южных морях '.repeat(60));
  });

  it('test_send_many: sendMessages() takes a list or an iterator', async () => {
    const email1 = new EmailMessage('', '', null, ['to-1@example.com']);
    const email2 = new EmailMessage('', '', null, ['to-2@example.com']);
    for (const emails of [[email1, email2], [email1, email2].values()]) {
      expect(await getConnection().sendMessages(emails)).toBe(2);
      const messages = mailbox().content();
      expect(messages.length).toBe(2);
      expect(messages[0]!.get('To')).toBe('to-1@example.com');
      expect(messages[1]!.get('To')).toBe('to-2@example.com');
      mailbox().flush();
    }
  });

  it('test_send_verbose_name', async () => {
    await new EmailMessage('', '', '"Firstname Sürname" <from@example.com>', ['to@example.com']).send();
    const message = theMessage();
    expect(message.get('from')).toBe('Firstname Sürname <from@example.com>');
    expect(message.source).toContain('From: =?utf-8?q?Firstname_S=C3=BCrname?= <from@example.com>');
  });

  it('test_plaintext_send_mail: sendMail without htmlMessage', async () => {
    await sendMail('Subject', 'Content', 'sender@example.com', ['nobody@example.com']);
    const message = theMessage();
    expect(message.get('subject')).toBe('Subject');
    expect(message.getAll('to')).toEqual(['nobody@example.com']);
    expect(message.isMultipart).toBe(false);
    expect(message.payload).toBe('Content');
    expect(message.contentType).toBe('text/plain');
  });

  const expectHtmlAlternative = (message: ParsedMessage, subject: string): void => {
    expect(message.get('subject')).toBe(subject);
    expect(message.getAll('to')).toEqual(['nobody@example.com']);
    expect(message.isMultipart).toBe(true);
    expect(message.parts.length).toBe(2);
    expect(message.parts[0]!.payload).toBe('Content');
    expect(message.parts[0]!.contentType).toBe('text/plain');
    expect(message.parts[1]!.payload).toBe('HTML Content');
    expect(message.parts[1]!.contentType).toBe('text/html');
  };

  it('test_html_send_mail', async () => {
    await sendMail('Subject', 'Content', 'sender@example.com', ['nobody@example.com'], { htmlMessage: 'HTML Content' });
    expectHtmlAlternative(theMessage(), 'Subject');
  });

  it('test_html_mail_managers', async () => {
    await overrideSettings({ MANAGERS: [['nobody', 'nobody@example.com']] }, () => mailManagers('Subject', 'Content', { htmlMessage: 'HTML Content' }));
    expectHtmlAlternative(theMessage(), '[Django] Subject');
  });

  it('test_html_mail_admins', async () => {
    await overrideSettings({ ADMINS: [['nobody', 'nobody@example.com']] }, () => mailAdmins('Subject', 'Content', { htmlMessage: 'HTML Content' }));
    expectHtmlAlternative(theMessage(), '[Django] Subject');
  });

  it('test_manager_and_admin_mail_prefix (#13494)', async () => {
    await overrideSettings({ ADMINS: [['nobody', 'nobody+admin@example.com']], MANAGERS: [['nobody', 'nobody+manager@example.com']] }, async () => {
      await mailManagers('Subject', 'Content');
      expect(theMessage().get('subject')).toBe('[Django] Subject');
      mailbox().flush();
      await mailAdmins('Subject', 'Content');
      expect(theMessage().get('subject')).toBe('[Django] Subject');
    });
  });

  it('test_empty_admins: nothing is sent, no connection made, without recipients (#9383)', async () => {
    await overrideSettings({ ADMINS: [], MANAGERS: [] }, async () => {
      await mailAdmins('hi', 'there');
      expect(mailbox().content()).toEqual([]);
      await mailManagers('hi', 'there');
      expect(mailbox().content()).toEqual([]);
    });
  });

  it('test_wrong_admins_managers: refused when the settings are made (canter validates settings at start-up)', () => {
    for (const setting of ['ADMINS', 'MANAGERS']) {
      for (const value of ['test@example.com', [['test@example.com']], [['test@example.com', 'other@example.com', 'x']]]) {
        expect(() => overrideSettings({ [setting]: value }, () => undefined)).toThrow(ImproperlyConfigured);
        expect(() => overrideSettings({ [setting]: value }, () => undefined)).toThrow(`${setting} is`);
      }
    }
  });

  it('test_message_cc_header (#7722)', async () => {
    await getConnection().sendMessages([new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com'], { cc: ['cc@example.com'] })]);
    const message = theMessage();
    expect(message.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="utf-8"'], ['Content-Transfer-Encoding', '7bit'],
      ['Subject', 'Subject'], ['From', 'from@example.com'], ['To', 'to@example.com'], ['Cc', 'cc@example.com'],
    ]));
    expect(message.source).toContain('\nDate: ');
  });

  it('test_idn_send (#14301)', async () => {
    expect(await sendMail('Subject', 'Content', 'from@öäü.com', ['to@öäü.com'])).toBeTruthy();
    let message = theMessage();
    expect(message.get('from')).toBe('from@xn--4ca9at.com');
    expect(message.get('to')).toBe('to@xn--4ca9at.com');
    mailbox().flush();
    await new EmailMessage('', '', 'from@öäü.com', ['to@öäü.com'], { cc: ['cc@öäü.com'] }).send();
    message = theMessage();
    expect(message.get('from')).toBe('from@xn--4ca9at.com');
    expect(message.get('to')).toBe('to@xn--4ca9at.com');
    expect(message.get('cc')).toBe('cc@xn--4ca9at.com');
  });

  it('test_recipient_without_domain (#15042)', async () => {
    expect(await sendMail('Subject', 'Content', 'tester', ['django'])).toBeTruthy();
    const message = theMessage();
    expect(message.get('from')).toBe('tester');
    expect(message.get('to')).toBe('django');
  });

  it('test_close_connection: a connection can be closed without having been opened', async () => {
    await getConnection(null, { username: '', password: '' }).close();
  });

  it('test_use_as_contextmanager: use() opens, hands over the connection, and closes', async () => {
    let opened = false;
    let closed = false;
    const conn = getConnection(null, { username: '', password: '' });
    conn.open = async () => {
      opened = true;
    };
    conn.close = async () => {
      closed = true;
    };
    await conn.use((same) => {
      expect(opened).toBe(true);
      expect(same).toBe(conn);
      expect(closed).toBe(false);
    });
    expect(closed).toBe(true);
  });
}

/** Sets EMAIL_BACKEND (and more) around each test, as Django's class-level override_settings. */
function withSettings(settings: () => Record<string, unknown>): void {
  let restore: (() => void) | undefined;
  beforeEach(() => {
    restore = overrideSettings(settings());
  });
  afterEach(() => restore?.());
}

describe('LocmemBackendTests', () => {
  withSettings(() => ({ EMAIL_BACKEND: 'django.core.mail.backends.locmem.EmailBackend' }));
  afterEach(() => resetOutbox());
  baseEmailBackendTests(() => ({ content: () => outbox.map((m) => parseMessage(m.message().asBytes())), flush: resetOutbox }));

  it('test_locmem_shared_messages: every locmem connection fills the one outbox', async () => {
    const email = new EmailMessage('', '', null, ['to@example.com']);
    await new LocmemEmailBackend().sendMessages([email]);
    await new LocmemEmailBackend().sendMessages([email]);
    expect(outbox.length).toBe(2);
  });

  it('test_validate_multiline_headers: locmem builds the message, so header injection throws (#18861)', async () => {
    await expect(sendMail('Subject\nMultiline', 'Content', 'from@example.com', ['to@example.com'])).rejects.toThrow(BadHeaderError);
  });

  it('test_outbox_not_mutated_after_send', async () => {
    const email = new EmailMessage('correct subject', '', null, ['to@example.com']);
    await email.send();
    email.subject = 'other subject';
    email.to.push('other@example.com');
    expect(outbox[0]!.subject).toBe('correct subject');
    expect(outbox[0]!.to).toEqual(['to@example.com']);
  });
});

describe('FileBackendTests', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'canter-mail-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  withSettings(() => ({ EMAIL_BACKEND: 'django.core.mail.backends.filebased.EmailBackend', EMAIL_FILE_PATH: dir }));
  const files = (): string[] => readdirSync(dir);
  baseEmailBackendTests(() => ({
    content: () => files().sort().flatMap((name) =>
      readFileSync(join(dir, name), 'utf8').split(`\n${MESSAGE_SEPARATOR}\n`).filter((m) => m !== '').map((m) => parseMessage(m))),
    flush: () => files().forEach((name) => unlinkSync(join(dir, name))),
  }));

  it('test_file_sessions: each connection writes its own file', async () => {
    const msg = new EmailMessage('Subject', 'Content', 'bounce@example.com', ['to@example.com'], { headers: { From: 'from@example.com' } });
    const connection = getConnection();
    await connection.sendMessages([msg]);
    expect(files().length).toBe(1);
    const message = parseMessage(readFileSync(join(dir, files()[0]!), 'utf8').split(`\n${MESSAGE_SEPARATOR}\n`)[0]!);
    expect(message.contentType).toBe('text/plain');
    expect(message.get('subject')).toBe('Subject');
    expect(message.get('from')).toBe('from@example.com');
    expect(message.get('to')).toBe('to@example.com');

    const connection2 = getConnection();
    await connection2.sendMessages([msg]);
    expect(files().length).toBe(2);

    await connection.sendMessages([msg]);
    expect(files().length).toBe(2);

    msg.connection = getConnection();
    expect(await connection.open()).toBe(true);
    await msg.send();
    expect(files().length).toBe(3);
    await msg.send();
    expect(files().length).toBe(3);
    await connection.close();
  });
});

describe('ConsoleBackendTests', () => {
  let written = '';
  beforeEach(() => {
    written = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());
  withSettings(() => ({ EMAIL_BACKEND: 'django.core.mail.backends.console.EmailBackend' }));
  baseEmailBackendTests(() => ({
    content: () => written.split(`\n${MESSAGE_SEPARATOR}\n`).filter((m) => m !== '').map((m) => parseMessage(m)),
    flush: () => {
      written = '';
    },
  }));

  it('test_console_stream_kwarg: the console backend writes to the stream given', async () => {
    let s = '';
    const connection = getConnection('django.core.mail.backends.console.EmailBackend', { stream: { write: (text: string) => (s += text) } });
    await sendMail('Subject', 'Content', 'from@example.com', ['to@example.com'], { connection });
    const message = parseMessage(s.split(`\n${MESSAGE_SEPARATOR}\n`)[0]!);
    expect(message.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="utf-8"'], ['Content-Transfer-Encoding', '7bit'],
      ['Subject', 'Subject'], ['From', 'from@example.com'], ['To', 'to@example.com'],
    ]));
    expect(message.source).toContain('\nDate: ');
  });
});

// ---- SMTP, against a real server ---------------------------------------------------------------

interface Envelope {
  mailFrom: string;
  rcptTos: string[];
}

/** Django's SMTPHandler: keeps each message, and refuses one whose MAIL FROM is not its From header's address. */
class SmtpSink {
  readonly mailbox: ParsedMessage[] = [];
  readonly raw: Buffer[] = [];
  readonly envelopes: Envelope[] = [];
  readonly server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      // The envelope as it went over the wire: smtp-server turns punycode domains back into
      // Unicode in session.envelope, so the commands are read from its debug log instead.
      logger: this.#commandLogger(),
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          const message = parseMessage(data.toString('utf8').trimEnd());
          const from = message.raw('from');
          const headerFrom = from === undefined ? undefined : (/<([^<>]*)>\s*$/.exec(from)?.[1] ?? from.trim());
          const mailFrom = this.#mailFrom;
          const rcptTos = [...this.#rcptTos];
          if (mailFrom !== headerFrom) {
            const error = new Error(`'${mailFrom}' != '${headerFrom}'`) as Error & { responseCode: number };
            error.responseCode = 553;
            callback(error);
            return;
          }
          this.raw.push(data);
          this.mailbox.push(message);
          this.envelopes.push({ mailFrom, rcptTos });
          callback();
        });
      },
    });
  }

  #mailFrom = '';
  #rcptTos: string[] = [];

  #commandLogger(): object {
    const quiet = (): void => undefined;
    const logger = {
      info: quiet, warn: quiet, error: quiet, trace: quiet, fatal: quiet,
      debug: (_fields: unknown, direction: unknown, line: unknown): void => {
        if (direction !== 'C:' || typeof line !== 'string') return;
        const address = /<([^<>]*)>/.exec(line)?.[1] ?? '';
        if (/^MAIL FROM:/i.test(line)) {
          this.#mailFrom = address;
          this.#rcptTos = [];
        } else if (/^RCPT TO:/i.test(line)) {
          this.#rcptTos.push(address);
        }
      },
      child: () => logger,
    };
    return logger;
  }

  async start(): Promise<void> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', () => done()));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  flush(): void {
    this.mailbox.length = 0;
    this.raw.length = 0;
    this.envelopes.length = 0;
  }
}

describe('SMTPBackendTests', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());
  beforeEach(() => sink.flush());
  withSettings(() => ({ EMAIL_BACKEND: 'django.core.mail.backends.smtp.EmailBackend', EMAIL_HOST: '127.0.0.1', EMAIL_PORT: sink.port }));
  baseEmailBackendTests(() => ({ content: () => [...sink.mailbox], flush: () => sink.flush() }), {
    test_recipient_without_domain: 'the test SMTP server (npm smtp-server) refuses an address without a domain before any hook runs; aiosmtpd, which Django uses, takes it',
  });

  it('test_email_authentication_use_settings', () => {
    overrideSettings({ EMAIL_HOST_USER: 'not empty username', EMAIL_HOST_PASSWORD: 'not empty password' }, () => {
      const backend = new SmtpEmailBackend();
      expect(backend.username).toBe('not empty username');
      expect(backend.password).toBe('not empty password');
    });
  });

  it('test_email_authentication_override_settings', () => {
    overrideSettings({ EMAIL_HOST_USER: 'not empty username', EMAIL_HOST_PASSWORD: 'not empty password' }, () => {
      const backend = new SmtpEmailBackend({ username: 'username', password: 'password' });
      expect(backend.username).toBe('username');
      expect(backend.password).toBe('password');
    });
  });

  it('test_email_disabled_authentication', () => {
    overrideSettings({ EMAIL_HOST_USER: 'not empty username', EMAIL_HOST_PASSWORD: 'not empty password' }, () => {
      const backend = new SmtpEmailBackend({ username: '', password: '' });
      expect(backend.username).toBe('');
      expect(backend.password).toBe('');
    });
  });

  it('test_auth_attempted: with a username and password, open() logs in (this server has no AUTH)', async () => {
    const backend = new SmtpEmailBackend({ username: 'not empty username', password: 'not empty password' });
    await expect(backend.use(() => undefined)).rejects.toThrow(/auth|login|command/i);
    expect(backend.connection).toBeNull();
  });

  it('test_server_open: open() says whether it opened a connection', async () => {
    const backend = new SmtpEmailBackend({ username: '', password: '' });
    expect(backend.connection).toBeNull();
    const opened = await backend.open();
    await backend.close();
    expect(opened).toBe(true);
  });

  it('test_reopen_connection', async () => {
    const backend = new SmtpEmailBackend();
    backend.connection = {} as never;
    expect(await backend.open()).toBe(false);
  });

  it('test_email_tls_use_settings / test_email_tls_override_settings / test_email_tls_default_disabled', () => {
    overrideSettings({ EMAIL_USE_TLS: true }, () => {
      expect(new SmtpEmailBackend().useTls).toBe(true);
      expect(new SmtpEmailBackend({ useTls: false }).useTls).toBe(false);
    });
    expect(new SmtpEmailBackend().useTls).toBe(false);
  });

  it('test_ssl_tls_mutually_exclusive', () => {
    expect(() => new SmtpEmailBackend({ useSsl: true, useTls: true })).toThrow(
      new MailValueError('EMAIL_USE_TLS/EMAIL_USE_SSL are mutually exclusive, so only set one of those settings to True.'));
  });

  it('test_email_ssl_use_settings / test_email_ssl_override_settings / test_email_ssl_default_disabled', () => {
    overrideSettings({ EMAIL_USE_SSL: true }, () => {
      expect(new SmtpEmailBackend().useSsl).toBe(true);
      expect(new SmtpEmailBackend({ useSsl: false }).useSsl).toBe(false);
    });
    expect(new SmtpEmailBackend().useSsl).toBe(false);
  });

  it('test_email_ssl_certfile_* / test_email_ssl_keyfile_*: settings, options, defaults', () => {
    overrideSettings({ EMAIL_SSL_CERTFILE: 'foo', EMAIL_SSL_KEYFILE: 'foo' }, () => {
      expect(new SmtpEmailBackend().sslCertfile).toBe('foo');
      expect(new SmtpEmailBackend({ sslCertfile: 'bar' }).sslCertfile).toBe('bar');
      expect(new SmtpEmailBackend().sslKeyfile).toBe('foo');
      expect(new SmtpEmailBackend({ sslKeyfile: 'bar' }).sslKeyfile).toBe('bar');
    });
    expect(new SmtpEmailBackend().sslCertfile).toBeNull();
    expect(new SmtpEmailBackend().sslKeyfile).toBeNull();
  });

  it('test_email_tls_attempts_starttls: useTls fails against a server without STARTTLS', async () => {
    await overrideSettings({ EMAIL_USE_TLS: true }, async () => {
      const backend = new SmtpEmailBackend();
      expect(backend.useTls).toBe(true);
      await expect(backend.use(() => undefined)).rejects.toThrow(/STARTTLS|TLS/);
    });
  });

  it('test_email_ssl_attempts_ssl_connection: useSsl fails against a plain server', async () => {
    await overrideSettings({ EMAIL_USE_SSL: true, EMAIL_TIMEOUT: 5 }, async () => {
      const backend = new SmtpEmailBackend();
      expect(backend.useSsl).toBe(true);
      await expect(backend.use(() => undefined)).rejects.toThrow();
    });
  });

  it('test_connection_timeout_default', () => {
    expect((getConnection('django.core.mail.backends.smtp.EmailBackend') as SmtpEmailBackend).timeout).toBeNull();
  });

  it('test_connection_timeout_custom', async () => {
    class MyEmailBackend extends SmtpEmailBackend {
      constructor() {
        super({ timeout: 42 });
      }
    }
    const backend = new MyEmailBackend();
    expect(await backend.open()).toBe(true);
    expect(backend.timeout).toBe(42);
    await backend.close();
  });

  it('test_email_timeout_override_settings', () => {
    overrideSettings({ EMAIL_TIMEOUT: 10 }, () => expect(new SmtpEmailBackend().timeout).toBe(10));
  });

  it('test_email_msg_uses_crlf: RFC-compliant messages are sent (#23063)', async () => {
    await getConnection().sendMessages([new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com'])]);
    const data = sink.raw[0]!.toString('utf8').replace(/\r\n/g, '');
    expect(data).not.toContain('\r');
    expect(data).not.toContain('\n');
  });

  it('test_send_messages_after_open_failed: nothing is sent when open() failed silently', async () => {
    const backend = new SmtpEmailBackend();
    backend.connection = {} as never;
    backend.open = async () => null;
    expect(await backend.sendMessages([new EmailMessage('', '', null, ['to@example.com'])])).toBe(0);
  });

  it('test_send_messages_empty_list', async () => {
    const backend = new SmtpEmailBackend();
    backend.connection = {} as never;
    expect(await backend.sendMessages([])).toBe(0);
  });

  it("test_send_messages_zero_sent: a message isn't sent if it doesn't have any recipients", async () => {
    const backend = new SmtpEmailBackend();
    backend.connection = {} as never;
    expect(await backend.sendMessages([new EmailMessage('Subject', 'Content', 'from@example.com', [])])).toBe(0);
  });

  it('test_avoids_sending_to_invalid_addresses: invalid addresses never reach SMTP commands', async () => {
    const backend = new SmtpEmailBackend();
    const sent: unknown[] = [];
    backend.connection = { send: (...args: unknown[]) => sent.push(args) } as never;
    for (const address of ['to@other.com@example.com', 'to@other.com <to@example.com>', '@', 'to@', '@example.com',
      '"evil@example.com\r\nto"@example.com', 'to\nevil@example.com']) {
      const email = new EmailMessage('', '', null, null, { bcc: [address] });
      await expect(backend.sendMessages([email]), address).rejects.toThrow(InvalidAddress);
      await expect(backend.sendMessages([email])).rejects.toThrow('Invalid address');
    }
    expect(sent).toEqual([]);
  });

  it('test_encodes_idna_in_smtp_commands', async () => {
    const email = new EmailMessage('', '', 'lists@discussão.example.org', ['To Example <to@漢字.example.com>'], {
      bcc: ['monitor@discussão.example.org'],
      headers: { From: 'Gestor de listas <lists@discussão.example.org>', To: 'Discussão Django <django@discussão.example.org>' },
    });
    await new SmtpEmailBackend().sendMessages([email]);
    const envelope = sink.envelopes[0]!;
    expect(envelope.mailFrom).toBe('lists@xn--discusso-xza.example.org');
    expect(envelope.rcptTos).toEqual(['to@xn--p8s937b.example.com', 'monitor@xn--discusso-xza.example.org']);
  });

  it('test_does_not_reencode_idna', async () => {
    const email = new EmailMessage('', '', '"βόλος" <from@xn--fa-hia.example.com>', ['"faß" <to@xn--10cl1a0b660p.example.com>'], {
      cc: ['"ශ්රී" <cc@xn--nxasmm1c.example.com>'], bcc: ['"نامهای." <bcc@xn--mgba3gch31f060k.example.com>'],
    });
    await new SmtpEmailBackend().sendMessages([email]);
    const envelope = sink.envelopes[0]!;
    expect(envelope.mailFrom).toBe('from@xn--fa-hia.example.com');
    expect(envelope.rcptTos).toEqual(['to@xn--10cl1a0b660p.example.com', 'cc@xn--nxasmm1c.example.com', 'bcc@xn--mgba3gch31f060k.example.com']);
  });
});

describe('SMTPBackendStoppedServerTests', () => {
  let backend: SmtpEmailBackend;
  beforeAll(async () => {
    const sink = new SmtpSink();
    await sink.start();
    await sink.stop();
    backend = overrideSettings({ EMAIL_HOST: '127.0.0.1', EMAIL_PORT: sink.port }, () => new SmtpEmailBackend({ username: '', password: '' }));
  });

  it("test_server_stopped: closing while the server is stopped doesn't throw", async () => {
    await backend.close();
  });

  it('test_fail_silently_on_connection_error', async () => {
    await expect(backend.open()).rejects.toThrow(/ECONNREFUSED|connect/i);
    backend.failSilently = true;
    expect(await backend.open()).toBeNull();
  });
});
