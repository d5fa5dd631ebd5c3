/**
 * The SMTP backend against a real SMTP server (npm's smtp-server on a free port): what the
 * server receives for STARTTLS, login, the envelope and the message, and what it does not.
 */
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../src/conf/settings/index.js';
import { EmailMessage, EmailMultiAlternatives, getConnection, SmtpEmailBackend } from '../../src/mail/index.js';

interface Received {
  secure: boolean;
  user: string | undefined;
  from: string;
  to: string[];
  data: string;
}

const received: Received[] = [];
const logins: Array<{ username: string; password: string }> = [];
let port = 0;

// smtp-server offers STARTTLS with its own self-signed certificate; AUTH PLAIN/LOGIN is accepted
// for ann / s3cret only.
const server = new SMTPServer({
  authOptional: true,
  logger: false,
  onAuth(auth, _session, callback) {
    logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
    if (auth.username === 'ann' && auth.password === 's3cret') callback(null, { user: 'ann' });
    else callback(new Error('Invalid username or password'));
  },
  onData(stream, session: SMTPServerSession, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        secure: session.secure,
        user: session.user as string | undefined,
        from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        data: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

beforeAll(async () => {
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  port = (server.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const backend = (options: ConstructorParameters<typeof SmtpEmailBackend>[0] = {}): SmtpEmailBackend =>
  new SmtpEmailBackend({ host: '127.0.0.1', port, tls: { rejectUnauthorized: false }, ...options });

describe('the SMTP backend, as the server sees it', () => {
  it('without useTls, stays in plain text even though the server offers STARTTLS (as Django)', async () => {
    received.length = 0;
    expect(await backend().sendMessages([new EmailMessage('s', 'b', 'from@example.com', ['to@example.com'])])).toBe(1);
    expect(received[0]!.secure).toBe(false);
  });

  it('with useTls, upgrades with STARTTLS before anything is sent, and logs in with the credentials', async () => {
    received.length = 0;
    logins.length = 0;
    const sent = await backend({ useTls: true, username: 'ann', password: 's3cret' })
      .sendMessages([new EmailMessage('Über', 'Grüße', 'Zoë <zoe@example.com>', ['Bob <bob@example.com>'], { bcc: ['audit@example.com'] })]);
    expect(sent).toBe(1);
    expect(logins).toEqual([{ username: 'ann', password: 's3cret' }]);
    const [message] = received;
    expect(message!.secure).toBe(true);
    expect(message!.user).toBe('ann');
    expect(message!.from).toBe('zoe@example.com');
    expect(message!.to).toEqual(['bob@example.com', 'audit@example.com']);
    expect(message!.data).toContain('Subject: =?utf-8?b?w5xiZXI=?=\r\n');
    expect(message!.data).toContain('From: =?utf-8?q?Zo=C3=AB?= <zoe@example.com>\r\n');
    expect(message!.data).not.toContain('audit@example.com');
    expect(message!.data).toContain('\r\n\r\nGrüße');
  });

  it('refuses to log in with wrong credentials, and sends nothing', async () => {
    received.length = 0;
    await expect(backend({ username: 'ann', password: 'nope' }).sendMessages([new EmailMessage('s', 'b', 'a@example.com', ['b@example.com'])]))
      .rejects.toThrow(/Invalid/);
    expect(received).toEqual([]);
  });

  it('sends several messages over one connection opened by use()', async () => {
    received.length = 0;
    const connection = backend();
    await connection.use(async (c) => {
      const opened = await c.open();
      expect(opened).toBe(false);
      await c.sendMessages([new EmailMessage('1', 'b', 'a@example.com', ['b@example.com'])]);
      const html = new EmailMultiAlternatives('2', 'text', 'a@example.com', ['c@example.com']);
      html.attachAlternative('<p>html</p>', 'text/html');
      html.attach('notes.txt', 'notes', 'text/plain');
      html.connection = c;
      await html.send();
    });
    expect(connection.connection).toBeNull();
    expect(received.map((r) => r.to)).toEqual([['b@example.com'], ['c@example.com']]);
    expect(received[1]!.data).toMatch(/Content-Type: multipart\/mixed; boundary="([^"]+)"/);
    expect(received[1]!.data).toContain('Content-Disposition: attachment; filename="notes.txt"');
  });

  it('fails silently when asked: a refused login sends nothing and resolves to 0', async () => {
    received.length = 0;
    const connection = getConnection('smtp', { host: '127.0.0.1', port, username: 'ann', password: 'nope', failSilently: true });
    expect(await connection.sendMessages([new EmailMessage('s', 'b', 'a@example.com', ['b@example.com'])])).toBe(0);
    expect(received).toEqual([]);
  });
});
