/**
 * Messages Canter writes read back right in Python's own email parser (the one Django's tests and
 * many mail tools use): decoded headers, bodies, alternatives and attachments are what was put in.
 * Runs /usr/bin/python3 (skipped with a message when absent; required under CI=true).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../src/conf/settings/index.js';
import { EmailMessage, EmailMultiAlternatives } from '../../src/mail/index.js';
import { PYTHON } from '../../src/signing/django.test-helper.js';

const probe = spawnSync(PYTHON, ['-c', 'import email.policy'], { encoding: 'utf8' });
const skip = probe.status === 0 ? undefined : `${PYTHON} is not available (${probe.error?.message ?? probe.stderr.trim()})`;
if (skip !== undefined && process.env.CI === 'true') throw new Error(`${skip}; under CI=true it is required`);
if (skip !== undefined) console.warn(`Skipping the Python email parser tests: ${skip}`);

const SCRIPT = String.raw`
import base64, json, sys
from email import message_from_bytes, policy
out = []
for raw in json.loads(sys.stdin.read()):
    m = message_from_bytes(base64.b64decode(raw), policy=policy.default)
    body = m.get_body(preferencelist=('plain',))
    html = m.get_body(preferencelist=('html',))
    out.append({
        'subject': m['Subject'],
        'from': [a.addr_spec for a in m['From'].addresses],
        'fromName': m['From'].addresses[0].display_name,
        'to': [(a.display_name, a.addr_spec) for a in m['To'].addresses] if m['To'] else [],
        'cc': [a.addr_spec for a in m['Cc'].addresses] if m['Cc'] else [],
        'defects': [type(d).__name__ for part in m.walk() for d in part.defects],
        'text': body.get_content() if body else None,
        'html': html.get_content() if html and html.get_content_type() == 'text/html' else None,
        'attachments': [
            {'filename': a.get_filename(), 'type': a.get_content_type(),
             'content': base64.b64encode(a.get_content() if isinstance(a.get_content(), bytes) else a.get_content().encode()).decode()}
            for a in m.iter_attachments()
        ],
    })
sys.stdout.write(json.dumps(out))
`;

interface Parsed {
  subject: string;
  from: string[];
  fromName: string;
  to: Array<[string, string]>;
  cc: string[];
  defects: string[];
  text: string | null;
  html: string | null;
  attachments: Array<{ filename: string | null; type: string; content: string }>;
}

function pythonParse(messages: readonly Buffer[]): Parsed[] {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(messages.map((m) => m.toString('base64'))), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Parsed[];
}

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
});

describe.skipIf(skip !== undefined)("Python's email parser reads Canter's messages", () => {
  it('headers, bodies, alternatives and attachments, in UTF-8 and ISO-8859-1, CRLF or LF', () => {
    const longSubject = 'Ein sehr langer Betreff mit Umlauten — äöü ß — der gefaltet werden muss, damit keine Zeile zu lang wird';
    const plain = new EmailMessage(longSubject, "Je t'aime très fort\n".repeat(3), '"Firstname Sürname" <from@exämple.com>',
      ['"Sürname, Firstname" <to@example.com>', 'other@example.com'], { cc: ['cc@例え.jp'] });
    const rich = new EmailMultiAlternatives('Rapport', 'В южных морях '.repeat(90), 'from@example.com', ['to@example.com']);
    rich.attachAlternative('<p>В южных морях</p>', 'text/html');
    rich.attach('une pièce.pdf', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]), 'application/pdf');
    rich.attach('notes.txt', 'notes ü', 'text/plain');
    const latin = new EmailMessage('Sürname', 'Firstname Sürname is a great guy.', 'from@example.com', ['to@example.com']);
    latin.encoding = 'iso-8859-1';
    const messages = [plain, rich, latin];
    const parsed = pythonParse([...messages.map((m) => m.message().asBytes('\r\n')), ...messages.map((m) => m.message().asBytes())]);
    for (const [i, p] of parsed.entries()) {
      expect(p.defects, `message ${i}`).toEqual([]);
    }
    for (const p of [parsed[0]!, parsed[3]!]) {
      expect(p.subject).toBe(longSubject);
      expect(p.from).toEqual(['from@xn--exmple-cua.com']);
      expect(p.fromName).toBe('Firstname Sürname');
      expect(p.to).toEqual([['Sürname, Firstname', 'to@example.com'], ['', 'other@example.com']]);
      expect(p.cc).toEqual(['cc@xn--r8jz45g.jp']);
      expect(p.text!.replace(/\r\n/g, '\n')).toBe("Je t'aime très fort\n".repeat(3));
    }
    for (const p of [parsed[1]!, parsed[4]!]) {
      expect(p.subject).toBe('Rapport');
      expect(p.text!.replace(/\r\n/g, '\n')).toBe('В южных морях '.repeat(90));
      expect(p.html!.replace(/\r\n/g, '\n').trimEnd()).toBe('<p>В южных морях</p>');
      expect(p.attachments).toEqual([
        { filename: 'une pièce.pdf', type: 'application/pdf', content: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]).toString('base64') },
        { filename: 'notes.txt', type: 'text/plain', content: Buffer.from('notes ü').toString('base64') },
      ]);
    }
    for (const p of [parsed[2]!, parsed[5]!]) {
      expect(p.subject).toBe('Sürname');
      expect(p.text).toBe('Firstname Sürname is a great guy.');
    }
  });
});
