/** Hostile header values: a newline anywhere in a header refuses the message; nothing else can add a header. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { sanitizeAddress } from './address.js';
import { BadHeaderError, InvalidAddress } from './errors.js';
import { EmailMessage } from './message.js';

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: 'k', EMAIL_BACKEND: 'locmem' }));
});

const newline = fc.constantFrom('\n', '\r', '\r\n');
const withNewline = fc.tuple(fc.string({ maxLength: 20 }), newline, fc.string({ maxLength: 20 })).map(([a, n, b]) => `${a}${n}${b}`);
const noNewline = fc.string({ maxLength: 120, unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, ''));

/** The header names of a message, with folded lines joined. */
function headerNames(text: string): string[] {
  const head = text.slice(0, text.indexOf('\n\n'));
  return head.split('\n').filter((line) => !/^[ \t]/.test(line)).map((line) => line.slice(0, line.indexOf(':')));
}

describe('header injection', () => {
  it('refuses a newline in the subject, from, to, cc, reply-to or an extra header (property)', () => {
    fc.assert(fc.property(withNewline, fc.nat({ max: 5 }), (evil, where) => {
      const email = [
        () => new EmailMessage(evil, 'body', 'from@example.com', ['to@example.com']),
        () => new EmailMessage('s', 'body', evil, ['to@example.com']),
        () => new EmailMessage('s', 'body', 'from@example.com', [evil]),
        () => new EmailMessage('s', 'body', 'from@example.com', ['to@example.com'], { cc: [evil] }),
        () => new EmailMessage('s', 'body', 'from@example.com', ['to@example.com'], { replyTo: [evil] }),
        () => new EmailMessage('s', 'body', 'from@example.com', ['to@example.com'], { headers: { 'X-Tag': evil } }),
      ][where]!();
      expect(() => email.message()).toThrow(BadHeaderError);
    }));
  });

  it('refuses a newline in a header name', () => {
    expect(() => new EmailMessage('s', 'b', null, ['to@example.com'], { headers: { 'X-A\nBcc': 'x' } }).message()).toThrow(BadHeaderError);
  });

  it('writes any newline-free subject and addresses as exactly the headers expected (property)', () => {
    fc.assert(fc.property(noNewline, noNewline, (subject, name) => {
      const to = `"${name.replace(/["\\]/g, '')}" <to@example.com>`;
      const text = new EmailMessage(subject, 'body', 'from@example.com', [to], { headers: { 'X-Tag': subject } }).message().asString();
      expect(headerNames(text)).toEqual(['Content-Type', 'MIME-Version', 'Content-Transfer-Encoding', 'Subject', 'From', 'To', 'Date', 'Message-ID', 'X-Tag']);
    }), { numRuns: 300 });
  });

  it('refuses addresses with newlines for the SMTP envelope', () => {
    fc.assert(fc.property(withNewline, (evil) => {
      expect(() => sanitizeAddress(`${evil}@example.com`)).toThrow(InvalidAddress);
      expect(() => sanitizeAddress([evil, 'to@example.com'])).toThrow(InvalidAddress);
    }));
  });
});
