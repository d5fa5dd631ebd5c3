/**
 * Whatever text goes into a message comes out the same when the message is read back, and the
 * message stays within RFC 5322's line limits (property tests over arbitrary Unicode).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../../src/conf/settings/index.js';
import { EmailMessage, EmailMultiAlternatives } from '../../src/mail/index.js';
import { parseMessage } from '../django/mail/parse-message.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k' }));
});

const line = fc.string({ maxLength: 200, unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, ''));
const body = fc.array(fc.string({ maxLength: 1500, unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 4 }).map((l) => l.join('\n'));

describe('messages read back as written', () => {
  it('subject, display name and body survive encoding, in UTF-8 and ISO-8859-1 (property)', () => {
    fc.assert(fc.property(line, line, body, fc.boolean(), (subject, name, text, latin1) => {
      const cleanName = name.replace(/["\\]/g, '');
      const email = new EmailMessage(subject, text, 'from@example.com', [`"${cleanName}" <to@example.com>`]);
      const fits = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) <= 0xff);
      if (latin1 && fits(text)) email.encoding = 'iso-8859-1';
      const raw = email.message().asString('\r\n');
      const message = parseMessage(raw);
      expect(message.get('Subject')!.replace(/\s+/g, ' ')).toBe(subject.replace(/\s+/g, ' '));
      expect(message.get('To')).toContain('<to@example.com>');
      expect(message.payload).toBe(text);
      // RFC 5322: no line longer than 998 bytes.
      for (const l of raw.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(998);
    }), { numRuns: 200 });
  });

  it('an HTML alternative and a binary attachment come back byte for byte (property)', () => {
    fc.assert(fc.property(body, fc.uint8Array({ maxLength: 3000 }), (html, bytes) => {
      const email = new EmailMultiAlternatives('s', 'text', 'from@example.com', ['to@example.com']);
      email.attachAlternative(html, 'text/html');
      email.attach('data.bin', bytes, 'application/octet-stream');
      const message = parseMessage(email.message().asBytes());
      expect(message.parts[0]!.parts[1]!.payload).toBe(html);
      expect(message.parts[1]!.content).toEqual(Buffer.from(bytes));
      expect(message.parts[1]!.filename).toBe('data.bin');
    }), { numRuns: 100 });
  });
});
