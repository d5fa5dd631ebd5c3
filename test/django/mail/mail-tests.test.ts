/**
 * Django's tests/mail/tests.py, MailTests and MailTimeZoneTests (the backend-independent part),
 * ported. Python's email parser is stood in for by ./parse-message.ts; keyword arguments after
 * `to` go in the options object (canter's EmailMessage signature).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings, overrideSettings } from '../../../src/conf/index.js';
import {
  BadHeaderError, BaseEmailBackend, ConsoleEmailBackend, DummyEmailBackend, EmailMessage, EmailMultiAlternatives, FileEmailBackend,
  getConnection, InvalidAddress, LocmemEmailBackend, mailAdmins, mailManagers, MailValueError, mimeAttachment, outbox, resetOutbox,
  sanitizeAddress, sendMail, sendMassMail, SmtpEmailBackend, type Address,
} from '../../../src/mail/index.js';
import { decodedAttachments, parseMessage, structure } from './parse-message.js';

const parsed = (email: EmailMessage) => parseMessage(email.message().asBytes());

/** Django's mail.custombackend.EmailBackend: keeps messages on the connection. */
class CustomBackend extends BaseEmailBackend {
  testOutbox: EmailMessage[] = [];
  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    const list = [...messages];
    this.testOutbox.push(...list);
    return list.length;
  }
}

beforeAll(() => {
  // Django's test runner sends mail to the locmem backend.
  configureSettings(defineSettings({ SECRET_KEY: 'mail-tests', EMAIL_BACKEND: 'locmem' }));
});

describe('MailTests', () => {
  it('test_ascii', () => {
    const message = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com']).message();
    expect(message.get('Subject')).toBe('Subject');
    expect(message.getPayload()).toBe('Content');
    expect(message.get('From')).toBe('from@example.com');
    expect(message.get('To')).toBe('to@example.com');
  });

  it('test_multiple_recipients', () => {
    const message = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com', 'other@example.com']).message();
    expect(message.get('Subject')).toBe('Subject');
    expect(message.getPayload()).toBe('Content');
    expect(message.get('From')).toBe('from@example.com');
    expect(message.get('To')).toBe('to@example.com, other@example.com');
  });

  it('test_header_omitted_for_no_to_recipients', () => {
    const message = new EmailMessage('Subject', 'Content', 'from@example.com', null, { cc: ['cc@example.com'] }).message();
    expect(message.has('To')).toBe(false);
  });

  it('test_recipients_with_empty_strings: empty strings are stripped from the recipients', () => {
    const email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com', ''], {
      cc: ['cc@example.com', ''], bcc: ['', 'bcc@example.com'], replyTo: ['', null as unknown as string],
    });
    expect(email.recipients()).toEqual(['to@example.com', 'cc@example.com', 'bcc@example.com']);
  });

  it('test_cc', () => {
    let email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com'], { cc: ['cc@example.com'] });
    expect(email.message().get('Cc')).toBe('cc@example.com');
    expect(email.recipients()).toEqual(['to@example.com', 'cc@example.com']);
    // Test multiple CC with multiple To
    email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com', 'other@example.com'], {
      cc: ['cc@example.com', 'cc.other@example.com'],
    });
    expect(email.message().get('Cc')).toBe('cc@example.com, cc.other@example.com');
    expect(email.recipients()).toEqual(['to@example.com', 'other@example.com', 'cc@example.com', 'cc.other@example.com']);
    // Testing with Bcc
    email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com', 'other@example.com'], {
      cc: ['cc@example.com', 'cc.other@example.com'], bcc: ['bcc@example.com'],
    });
    expect(email.message().get('Cc')).toBe('cc@example.com, cc.other@example.com');
    expect(email.recipients()).toEqual(['to@example.com', 'other@example.com', 'cc@example.com', 'cc.other@example.com', 'bcc@example.com']);
  });

  it('test_cc_headers', () => {
    const message = new EmailMessage('Subject', 'Content', 'bounce@example.com', ['to@example.com'], {
      cc: ['foo@example.com'], headers: { Cc: 'override@example.com' },
    }).message();
    expect(message.getAll('Cc')).toEqual(['override@example.com']);
  });

  it('test_cc_in_headers_only', () => {
    const message = new EmailMessage('Subject', 'Content', 'bounce@example.com', ['to@example.com'], { headers: { Cc: 'foo@example.com' } }).message();
    expect(message.getAll('Cc')).toEqual(['foo@example.com']);
  });

  it('test_bcc_not_in_headers: a bcc address is a recipient but not in the visible headers', () => {
    const email = new EmailMessage('', '', null, ['to@example.com'], { bcc: ['bcc@example.com'] });
    const message = email.message();
    expect(message.has('Bcc')).toBe(false);
    expect(message.asString()).not.toContain('bcc@example.com');
    expect(email.recipients()).toEqual(['to@example.com', 'bcc@example.com']);
  });

  it('test_reply_to', () => {
    let email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com'], { replyTo: ['reply_to@example.com'] });
    expect(email.message().get('Reply-To')).toBe('reply_to@example.com');
    email = new EmailMessage('Subject', 'Content', 'from@example.com', ['to@example.com'], {
      replyTo: ['reply_to1@example.com', 'reply_to2@example.com'],
    });
    expect(email.message().get('Reply-To')).toBe('reply_to1@example.com, reply_to2@example.com');
  });

  it('test_recipients_as_tuple (read-only arrays)', () => {
    const email = new EmailMessage('Subject', 'Content', 'from@example.com', Object.freeze(['to@example.com', 'other@example.com']), {
      cc: Object.freeze(['cc@example.com', 'cc.other@example.com']), bcc: Object.freeze(['bcc@example.com']),
    });
    expect(email.message().get('Cc')).toBe('cc@example.com, cc.other@example.com');
    expect(email.recipients()).toEqual(['to@example.com', 'other@example.com', 'cc@example.com', 'cc.other@example.com', 'bcc@example.com']);
  });

  it('test_recipients_as_string', () => {
    const notAList = 'foo@example.com' as unknown as string[];
    expect(() => new EmailMessage('', '', null, notAList)).toThrow(new TypeError('"to" argument must be a list or tuple'));
    expect(() => new EmailMessage('', '', null, null, { cc: notAList })).toThrow(new TypeError('"cc" argument must be a list or tuple'));
    expect(() => new EmailMessage('', '', null, null, { bcc: notAList })).toThrow(new TypeError('"bcc" argument must be a list or tuple'));
    expect(() => new EmailMessage('', '', null, null, { replyTo: notAList })).toThrow(new TypeError('"reply_to" argument must be a list or tuple'));
  });

  it('test_header_injection', () => {
    const cases = [
      new EmailMessage('Subject\nInjection Test'),
      new EmailMessage('Lazy Subject\nInjection Test'),
      new EmailMessage('', '', null, ['Name\nInjection test <to@example.com>']),
    ];
    for (const email of cases) {
      expect(() => email.message()).toThrow(BadHeaderError);
      expect(() => email.message()).toThrow("Header values can't contain newlines ");
    }
  });

  it('test_folding_white_space: long headers are folded with a space', () => {
    const email = new EmailMessage(
      'Long subject lines that get wrapped should contain a space continuation character to get expected behavior in Outlook and Thunderbird',
      'Content', 'from@example.com', ['to@example.com'],
    );
    expect(email.message().get('Subject')).toBe(
      'Long subject lines that get wrapped should contain a space continuation\n character to get expected behavior in Outlook and Thunderbird',
    );
  });

  it('test_message_header_overrides: dates and message-ids given as headers win (#9233)', () => {
    const email = new EmailMessage('', '', null, null, { headers: { date: 'Fri, 09 Nov 2001 01:08:47 -0000', 'Message-ID': 'foo' } });
    const items = email.message().items();
    expect(items).toContainEqual(['Message-ID', 'foo']);
    expect(items).toContainEqual(['date', 'Fri, 09 Nov 2001 01:08:47 -0000']);
  });

  it('test_from_header', () => {
    const message = new EmailMessage('', '', 'bounce@example.com', null, { headers: { From: 'from@example.com' } }).message();
    expect(message.getAll('From')).toEqual(['from@example.com']);
  });

  it('test_to_header', () => {
    let email = new EmailMessage('', '', null, ['list-subscriber@example.com', 'list-subscriber2@example.com'], {
      headers: { To: 'mailing-list@example.com' },
    });
    expect(email.message().getAll('To')).toEqual(['mailing-list@example.com']);
    expect(email.to).toEqual(['list-subscriber@example.com', 'list-subscriber2@example.com']);
    // If we don't set the To header manually, it should default to the `to` argument.
    email = new EmailMessage('', '', null, ['list-subscriber@example.com', 'list-subscriber2@example.com']);
    expect(email.message().getAll('To')).toEqual(['list-subscriber@example.com, list-subscriber2@example.com']);
    expect(email.to).toEqual(['list-subscriber@example.com', 'list-subscriber2@example.com']);
  });

  it('test_to_in_headers_only', () => {
    expect(new EmailMessage('', '', null, null, { headers: { To: 'to@example.com' } }).message().getAll('To')).toEqual(['to@example.com']);
  });

  it('test_reply_to_header', () => {
    const message = new EmailMessage('', '', null, null, { replyTo: ['foo@example.com'], headers: { 'Reply-To': 'override@example.com' } }).message();
    expect(message.getAll('Reply-To')).toEqual(['override@example.com']);
  });

  it('test_reply_to_in_headers_only', () => {
    expect(new EmailMessage('', '', null, null, { headers: { 'Reply-To': 'reply_to@example.com' } }).message().getAll('Reply-To'))
      .toEqual(['reply_to@example.com']);
  });

  it('test_multiple_message_call: headers do not change when message() is called again (#13259)', () => {
    const email = new EmailMessage('', '', 'bounce@example.com', null, { headers: { From: 'from@example.com' } });
    expect(email.message().getAll('From')).toEqual(['from@example.com']);
    expect(email.message().getAll('From')).toEqual(['from@example.com']);
  });

  it('test_unicode_address_header (#11144)', () => {
    let email = new EmailMessage('', '', null, ['"Firstname Sürname" <to@example.com>', 'other@example.com']);
    expect(email.message().get('To')).toBe('=?utf-8?q?Firstname_S=C3=BCrname?= <to@example.com>, other@example.com');
    email = new EmailMessage('', '', null, ['"Sürname, Firstname" <to@example.com>', 'other@example.com']);
    expect(email.message().get('To')).toBe('=?utf-8?q?S=C3=BCrname=2C_Firstname?= <to@example.com>, other@example.com');
  });

  it('test_unicode_headers', () => {
    const message = new EmailMessage('Gżegżółka', '', null, ['to@example.com'], {
      headers: { Sender: '"Firstname Sürname" <sender@example.com>', Comments: 'My Sürname is non-ASCII' },
    }).message();
    expect(message.get('Subject')).toBe('=?utf-8?b?R8W8ZWfFvMOzxYJrYQ==?=');
    expect(message.get('Sender')).toBe('=?utf-8?q?Firstname_S=C3=BCrname?= <sender@example.com>');
    expect(message.get('Comments')).toBe('=?utf-8?q?My_S=C3=BCrname_is_non-ASCII?=');
  });

  it('test_non_utf8_headers_multipart', () => {
    const msg = new EmailMultiAlternatives('Message from Firstname Sürname', 'This is an important message.', 'from@example.com',
      ['"Sürname, Firstname" <to@example.com>'], { headers: { Date: 'Fri, 09 Nov 2001 01:08:47 -0000', 'Message-ID': 'foo' } });
    msg.attachAlternative('<p>This is an <strong>important</strong> message.</p>', 'text/html');
    msg.encoding = 'iso-8859-1';
    expect(msg.message().get('To')).toBe('=?iso-8859-1?q?S=FCrname=2C_Firstname?= <to@example.com>');
    expect(msg.message().get('Subject')).toBe('=?iso-8859-1?q?Message_from_Firstname_S=FCrname?=');
  });

  it('test_multipart_with_attachments: alternatives are kept when the body is empty and there are attachments', () => {
    const msg = new EmailMultiAlternatives('', '');
    const html = '<p>This is <strong>html</strong></p>';
    msg.attachAlternative(html, 'text/html');
    msg.attach('example.txt', 'Text file content', 'text/plain');
    expect(msg.message().asString()).toContain(html);
  });

  it('test_alternatives', () => {
    const msg = new EmailMultiAlternatives();
    const html = '<p>This is <strong>html</strong></p>';
    msg.attachAlternative(html, 'text/html');
    expect(msg.alternatives[0]).toEqual({ content: html, mimetype: 'text/html' });
    expect(msg.message().asString()).toContain(html);
  });

  it('test_alternatives_constructor', () => {
    const html = '<p>This is <strong>html</strong></p>';
    const msg = new EmailMultiAlternatives('', '', null, null, { alternatives: [{ content: html, mimetype: 'text/html' }] });
    expect(msg.alternatives[0]).toEqual({ content: html, mimetype: 'text/html' });
    expect(msg.message().asString()).toContain(html);
  });

  it('test_alternatives_constructor_from_tuple', () => {
    const html = '<p>This is <strong>html</strong></p>';
    const msg = new EmailMultiAlternatives('', '', null, null, { alternatives: [[html, 'text/html']] });
    expect(msg.alternatives[0]).toEqual({ content: html, mimetype: 'text/html' });
    expect(msg.message().asString()).toContain(html);
  });

  it('test_none_body', () => {
    const msg = new EmailMessage('subject', null, 'from@example.com', ['to@example.com']);
    expect(msg.body).toBe('');
    expect(msg.message().getPayload()).toBe('');
  });

  it('test_encoding: bodies in other encodings than utf-8 (#12791)', () => {
    const email = new EmailMessage('', 'Firstname Sürname is a great guy.');
    email.encoding = 'iso-8859-1';
    const message = email.message();
    expect(message.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="iso-8859-1"'], ['Content-Transfer-Encoding', 'quoted-printable'],
    ]));
    expect(message.getPayload()).toBe('Firstname S=FCrname is a great guy.');
  });

  it('test_encoding_alternatives', () => {
    const email = new EmailMultiAlternatives('', 'Firstname Sürname is a great guy.');
    email.encoding = 'iso-8859-1';
    email.attachAlternative('<p>Firstname Sürname is a <strong>great</strong> guy.</p>', 'text/html');
    const message = email.message();
    const payload0 = message.getPayload(0);
    expect(payload0.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/plain; charset="iso-8859-1"'], ['Content-Transfer-Encoding', 'quoted-printable'],
    ]));
    expect(payload0.asString().endsWith('\n\nFirstname S=FCrname is a great guy.')).toBe(true);
    const payload1 = message.getPayload(1);
    expect(payload1.items()).toEqual(expect.arrayContaining([
      ['MIME-Version', '1.0'], ['Content-Type', 'text/html; charset="iso-8859-1"'], ['Content-Transfer-Encoding', 'quoted-printable'],
    ]));
    expect(payload1.asString().endsWith('\n\n<p>Firstname S=FCrname is a <strong>great</strong> guy.</p>')).toBe(true);
  });

  it('test_attachments', () => {
    const msg = new EmailMessage();
    msg.attach('example.txt', 'Text file content', 'text/plain');
    expect(msg.attachments[0]).toEqual({ filename: 'example.txt', content: 'Text file content', mimetype: 'text/plain' });
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['example.txt', 'Text file content', 'text/plain']);
  });

  it('test_attachments_constructor', () => {
    const msg = new EmailMessage('', '', null, null, { attachments: [{ filename: 'example.txt', content: 'Text file content', mimetype: 'text/plain' }] });
    expect(msg.attachments[0]).toEqual({ filename: 'example.txt', content: 'Text file content', mimetype: 'text/plain' });
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['example.txt', 'Text file content', 'text/plain']);
  });

  it('test_attachments_constructor_from_tuple', () => {
    const msg = new EmailMessage('', '', null, null, { attachments: [['example.txt', 'Text file content', 'text/plain']] });
    expect(msg.attachments[0]).toEqual({ filename: 'example.txt', content: 'Text file content', mimetype: 'text/plain' });
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['example.txt', 'Text file content', 'text/plain']);
  });

  it('test_attachments_constructor_omit_mimetype', () => {
    const msg = new EmailMessage('', '', null, null, { attachments: [['filename1', 'content1']] });
    const [filename, content, mimetype] = decodedAttachments(parsed(msg))[0]!;
    expect(filename).toBe('filename1');
    expect(content).toEqual(Buffer.from('content1'));
    expect(mimetype).toBe('application/octet-stream');
  });

  it('test_attachments_with_alternative_parts: the structure is right (#9367)', () => {
    const msg = new EmailMultiAlternatives('', 'This is an important message.');
    msg.attachAlternative('<p>This is an <strong>important</strong> message.</p>', 'text/html');
    msg.attach('an attachment.pdf', Buffer.from('%PDF-1.4.%...'), 'application/pdf');
    const message = parsed(msg);
    expect(message.isMultipart).toBe(true);
    expect(message.contentType).toBe('multipart/mixed');
    expect(message.parts[0]!.contentType).toBe('multipart/alternative');
    expect(message.parts[1]!.contentType).toBe('application/pdf');
  });

  it('test_decoded_attachments_MIMEText (a MimePart attachment is used as it is)', () => {
    const txt = mimeAttachment('content1', 'text/plain');
    const msg = new EmailMessage('', '', null, null, { attachments: [txt] });
    expect(msg.message().getPayload(0)).toBe(txt);
  });

  it('test_non_ascii_attachment_filename (#14964)', () => {
    const msg = new EmailMessage('', 'Content');
    msg.attach('une pièce jointe.pdf', Buffer.from('%PDF-1.4.%...'), 'application/pdf');
    expect(decodedAttachments(parsed(msg))[0]![0]).toBe('une pièce jointe.pdf');
  });

  it('test_attach_file: a file is attached with its type, or the one given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canter-attach-'));
    try {
      const files: Array<[string, string | undefined, Buffer]> = [
        ['file.txt', 'text/plain', Buffer.from('ß text\n')],
        ['file.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff])],
        ['file_txt', undefined, Buffer.from('text')],
        ['file_png', undefined, Buffer.from([0x89, 0x50, 0xff])],
        ['file_txt.png', 'image/png', Buffer.from([0x89, 0x50, 0xff])],
        ['file_png.txt', 'text/plain', Buffer.from([0x89, 0x50, 0xff])],
        ['file.eml', 'message/rfc822', Buffer.from('Subject: Hi\n\nbody\n')],
      ];
      for (const [basename, realMimetype, bytes] of files) {
        writeFileSync(join(dir, basename), bytes);
        for (const mimetype of ['text/plain', 'image/png', null]) {
          let expectedMimetype = mimetype ?? realMimetype ?? 'application/octet-stream';
          let expectedContent: string | Buffer = readFileSync(join(dir, basename));
          if (expectedMimetype.startsWith('text/')) {
            try {
              expectedContent = new TextDecoder('utf-8', { fatal: true }).decode(expectedContent);
            } catch {
              expectedMimetype = 'application/octet-stream';
            }
          }
          const email = new EmailMessage();
          await email.attachFile(join(dir, basename), mimetype);
          expect(email.attachments.length).toBe(1);
          const attachment = email.attachments[0] as { filename: string; mimetype: string; content: unknown };
          expect(attachment.filename).toBe(basename);
          expect(attachment.mimetype, `${basename} ${mimetype}`).toBe(expectedMimetype);
          expect(attachment.content).toEqual(expectedContent);
          const actual = decodedAttachments(parsed(email));
          expect(actual.length).toBe(1);
          expect(actual[0]![0]).toBe(basename);
          expect(actual[0]![2]).toBe(expectedMimetype);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test_attach_text_as_bytes', () => {
    const msg = new EmailMessage();
    msg.attach('file.txt', Buffer.from('file content'));
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['file.txt', 'file content', 'text/plain']);
  });

  it('test_attach_utf8_text_as_bytes', () => {
    const msg = new EmailMessage();
    msg.attach('file.txt', Buffer.from([0xc3, 0xa4]));
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['file.txt', 'ä', 'text/plain']);
  });

  it('test_attach_non_utf8_text_as_bytes', () => {
    const msg = new EmailMessage();
    msg.attach('file.txt', Buffer.from([0xff]));
    expect(decodedAttachments(parsed(msg))[0]).toEqual(['file.txt', Buffer.from([0xff]), 'application/octet-stream']);
  });

  it('test_attach_8bit_rfc822_message_non_ascii (#36119)', () => {
    const attachment = Buffer.from('Subject: A message using 8bit CTE\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n¡8-bit content!\n');
    const email = new EmailMessage();
    email.attach('attachment.eml', attachment, 'message/rfc822');
    const attachments = parsed(email).parts;
    expect(attachments.length).toBe(1);
    expect(attachments[0]!.contentType).toBe('message/rfc822');
    const attached = attachments[0]!.inner!;
    expect(attached.payload.trimEnd()).toBe('¡8-bit content!');
    expect(attached.get('Content-Transfer-Encoding')).toBe('8bit');
    expect(attached.contentType).toBe('text/plain');
  });

  it('test_attach_mime_image: a MIME part with headers of its own', () => {
    const email = new EmailMessage();
    const image = mimeAttachment(Buffer.from('GIF89a...'), 'image/gif');
    image.append('Content-Disposition', 'inline');
    image.append('Content-ID', '<content-id@example.org>');
    email.attach(image);
    const attachments = parsed(email).parts;
    expect(attachments.length).toBe(1);
    expect(attachments[0]!.contentType).toBe('image/gif');
    expect(attachments[0]!.disposition).toBe('inline');
    expect(attachments[0]!.get('Content-ID')).toBe('<content-id@example.org>');
    expect(attachments[0]!.content).toEqual(Buffer.from('GIF89a...'));
    expect(attachments[0]!.filename).toBeUndefined();
  });

  it('test_attach_mime_image_in_constructor', () => {
    const image = mimeAttachment(Buffer.from('\x89PNG...', 'latin1'), 'image/png');
    image.append('Content-Disposition', 'attachment; filename=test.png');
    const attachments = parsed(new EmailMessage('', '', null, null, { attachments: [image] })).parts;
    expect(attachments.length).toBe(1);
    expect(attachments[0]!.contentType).toBe('image/png');
    expect(attachments[0]!.content).toEqual(Buffer.from('\x89PNG...', 'latin1'));
    expect(attachments[0]!.disposition).toBe('attachment');
    expect(attachments[0]!.filename).toBe('test.png');
  });

  it('test_attach_rfc822_message: an EmailMessage, or a message as text or bytes', () => {
    const child = new EmailMessage('child subject', 'child body');
    const asText = 'Subject: child subject\n\nchild body';
    for (const childMessage of [child, asText, Buffer.from(asText)]) {
      const email = new EmailMessage('parent message', 'parent body');
      email.attach(null, childMessage, 'message/rfc822');
      expect(email.attachments.length).toBe(1);
      expect((email.attachments[0] as { mimetype: string }).mimetype).toBe('message/rfc822');
      const attachments = decodedAttachments(parsed(email));
      expect(attachments.length).toBe(1);
      const rfc822 = parsed(email).parts[1]!;
      expect(rfc822.contentType).toBe('message/rfc822');
      const attached = rfc822.inner!;
      expect(attached.get('Subject')).toBe('child subject');
      expect(attached.payload.trimEnd()).toBe('child body');
      expect(['7bit', '8bit', 'binary']).toContain(rfc822.get('Content-Transfer-Encoding') ?? '7bit');
      expect(attached.get('Content-Transfer-Encoding') ?? '7bit').toBe('7bit');
      expect(attached.contentType).toBe('text/plain');
    }
  });

  it('test_attach_mimebase_prohibits_other_params', () => {
    const email = new EmailMessage();
    const txt = mimeAttachment('content', 'text/plain');
    const msg = 'content and mimetype must not be given when a MIMEBase instance is provided.';
    const attach = email.attach.bind(email) as (...args: unknown[]) => void;
    expect(() => attach(txt, 'content')).toThrow(new MailValueError(msg));
    expect(() => attach(txt, undefined, 'text/plain')).toThrow(new MailValueError(msg));
  });

  it('test_attach_content_is_required', () => {
    const attach = new EmailMessage().attach.bind(new EmailMessage()) as (...args: unknown[]) => void;
    expect(() => attach('file.txt', undefined, 'application/pdf')).toThrow(new MailValueError('content must be provided.'));
  });

  it('test_dummy_backend: the dummy backend counts the messages', async () => {
    const connection = new DummyEmailBackend();
    const email = new EmailMessage('', '', null, ['to@example.com']);
    expect(await connection.sendMessages([email, email, email])).toBe(3);
  });

  it('test_arbitrary_keyword: getConnection() takes options a custom backend might use', () => {
    const c = getConnection(null, { failSilently: true, foo: 'bar' });
    expect(c.failSilently).toBe(true);
  });

  it('test_custom_backend', async () => {
    const conn = getConnection(CustomBackend) as CustomBackend;
    expect(conn.testOutbox).toEqual([]);
    await conn.sendMessages([new EmailMessage('', '', null, ['to@example.com'])]);
    expect(conn.testOutbox.length).toBe(1);
  });

  it('test_backend_arg: Django paths, short names and classes', () => {
    expect(getConnection('django.core.mail.backends.smtp.EmailBackend')).toBeInstanceOf(SmtpEmailBackend);
    expect(getConnection('django.core.mail.backends.locmem.EmailBackend')).toBeInstanceOf(LocmemEmailBackend);
    expect(getConnection('django.core.mail.backends.dummy.EmailBackend')).toBeInstanceOf(DummyEmailBackend);
    expect(getConnection('django.core.mail.backends.console.EmailBackend')).toBeInstanceOf(ConsoleEmailBackend);
    const dir = mkdtempSync(join(tmpdir(), 'canter-mail-'));
    try {
      expect(getConnection('django.core.mail.backends.filebased.EmailBackend', { filePath: dir })).toBeInstanceOf(FileEmailBackend);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(() => getConnection('django.core.mail.backends.filebased.EmailBackend', { filePath: {} })).toThrow(new TypeError('expected str, bytes or os.PathLike object, not object'));
    expect(getConnection()).toBeInstanceOf(LocmemEmailBackend);
  });

  it('test_connection_arg: sendMail() & co. use the connection given', async () => {
    await overrideSettings({ EMAIL_BACKEND: 'locmem', ADMINS: [['nobody', 'nobody@example.com']], MANAGERS: [['nobody', 'nobody@example.com']] }, async () => {
      resetOutbox();
      let connection = getConnection(CustomBackend) as CustomBackend;
      await sendMail('Subject', 'Content', 'from@example.com', ['to@example.com'], { connection });
      expect(outbox).toEqual([]);
      expect(connection.testOutbox.length).toBe(1);
      expect(connection.testOutbox[0]!.subject).toBe('Subject');

      connection = getConnection(CustomBackend) as CustomBackend;
      await sendMassMail([
        ['Subject1', 'Content1', 'from1@example.com', ['to1@example.com']],
        ['Subject2', 'Content2', 'from2@example.com', ['to2@example.com']],
      ], { connection });
      expect(outbox).toEqual([]);
      expect(connection.testOutbox.map((m) => m.subject)).toEqual(['Subject1', 'Subject2']);

      connection = getConnection(CustomBackend) as CustomBackend;
      await mailAdmins('Admin message', 'Content', { connection });
      expect(outbox).toEqual([]);
      expect(connection.testOutbox.map((m) => m.subject)).toEqual(['[Django] Admin message']);

      connection = getConnection(CustomBackend) as CustomBackend;
      await mailManagers('Manager message', 'Content', { connection });
      expect(outbox).toEqual([]);
      expect(connection.testOutbox.map((m) => m.subject)).toEqual(['[Django] Manager message']);
    });
  });

  it("test_dont_mangle_from_in_body: 'From ' in the body is left alone (#13433)", () => {
    expect(new EmailMessage('', 'From the future').message().asBytes().includes('>From the future')).toBe(false);
  });

  it('test_body_content_transfer_encoding: 7bit and 8bit, not base64 or quoted-printable (#3472, #11212)', () => {
    let s = new EmailMessage('', 'Body with only ASCII characters.').message().asBytes();
    expect(s.includes('Content-Transfer-Encoding: 7bit')).toBe(true);
    s = new EmailMessage('', 'Body with latin characters: àáä.').message().asBytes();
    expect(s.includes('Content-Transfer-Encoding: 8bit')).toBe(true);
    const msg = new EmailMessage('Subject', 'Body with non latin characters: А Б В Г Д Е Ж Ѕ З И І К Л М Н О П.', 'bounce@example.com',
      ['to@example.com'], { headers: { From: 'from@example.com' } });
    expect(msg.message().asBytes().includes('Content-Transfer-Encoding: 8bit')).toBe(true);
    expect(msg.message().asString()).toContain('Content-Transfer-Encoding: 8bit');
  });

  it('test_sanitize_address: addresses are properly sanitized', () => {
    const cases: Array<[Address, string, string]> = [
      // ASCII addresses.
      ['to@example.com', 'ascii', 'to@example.com'],
      ['to@example.com', 'utf-8', 'to@example.com'],
      [['A name', 'to@example.com'], 'ascii', 'A name <to@example.com>'],
      [['A name', 'to@example.com'], 'utf-8', 'A name <to@example.com>'],
      ['localpartonly', 'ascii', 'localpartonly'],
      // ASCII addresses with display names.
      ['A name <to@example.com>', 'ascii', 'A name <to@example.com>'],
      ['A name <to@example.com>', 'utf-8', 'A name <to@example.com>'],
      ['"A name" <to@example.com>', 'ascii', 'A name <to@example.com>'],
      ['"A name" <to@example.com>', 'utf-8', 'A name <to@example.com>'],
      // Unicode addresses: IDNA encoded domain supported per RFC-5890.
      ['to@éxample.com', 'utf-8', 'to@xn--xample-9ua.com'],
      ['tó@example.com', 'utf-8', '=?utf-8?b?dMOz?=@example.com'],
      [['Tó Example', 'tó@example.com'], 'utf-8', '=?utf-8?q?T=C3=B3_Example?= <=?utf-8?b?dMOz?=@example.com>'],
      ['Tó Example <tó@example.com>', 'utf-8', '=?utf-8?q?T=C3=B3_Example?= <=?utf-8?b?dMOz?=@example.com>'],
      // IDNA addresses with display names.
      ['To Example <to@éxample.com>', 'ascii', 'To Example <to@xn--xample-9ua.com>'],
      ['To Example <to@éxample.com>', 'utf-8', 'To Example <to@xn--xample-9ua.com>'],
      // Addresses with two @ signs.
      ['"to@other.com"@example.com', 'utf-8', '"to@other.com"@example.com'],
      ['"to@other.com" <to@example.com>', 'utf-8', '"to@other.com" <to@example.com>'],
      [['To Example', 'to@other.com@example.com'], 'utf-8', 'To Example <"to@other.com"@example.com>'],
      // Addresses with long unicode display names.
      [
        `${'Tó Example very long'.repeat(4)} <to@example.com>`, 'utf-8',
        '=?utf-8?q?T=C3=B3_Example_very_longT=C3=B3_Example_very_longT=C3=B3_Example_?=\n =?utf-8?q?very_longT=C3=B3_Example_very_long?= <to@example.com>',
      ],
      [
        ['Tó Example very long'.repeat(4), 'to@example.com'], 'utf-8',
        '=?utf-8?q?T=C3=B3_Example_very_longT=C3=B3_Example_very_longT=C3=B3_Example_?=\n =?utf-8?q?very_longT=C3=B3_Example_very_long?= <to@example.com>',
      ],
      // Address with long display name and unicode domain.
      [
        ['To Example very long'.repeat(4), 'to@exampl€.com'], 'utf-8',
        'To Example very longTo Example very longTo Example very longTo Example very\n long <to@xn--exampl-nc1c.com>',
      ],
    ];
    for (const [address, encoding, expected] of cases) {
      expect(sanitizeAddress(address, encoding), JSON.stringify([address, encoding])).toBe(expected);
    }
  });

  it('test_sanitize_address_invalid', () => {
    const invalid: Address[] = ['to@other.com@example.com', 'to@other.com <to@example.com>', '@', 'to@', '@example.com', ['', '']];
    for (const address of invalid) {
      expect(() => sanitizeAddress(address, 'utf-8'), JSON.stringify(address)).toThrow(InvalidAddress);
      expect(() => sanitizeAddress(address, 'utf-8')).toThrow('Invalid address');
    }
  });

  it('test_sanitize_address_header_injection', () => {
    const tests: Address[] = ['Name\nInjection <to@example.com>', ['Name\nInjection', 'to@xample.com'], 'Name <to\ninjection@example.com>', ['Name', 'to\ninjection@example.com']];
    for (const address of tests) {
      expect(() => sanitizeAddress(address, 'utf-8')).toThrow(new InvalidAddress('Invalid address; address parts cannot contain newlines.'));
    }
  });

  it('test_email_multi_alternatives_content_mimetype_none', () => {
    const email = new EmailMultiAlternatives();
    const msg = 'Both content and mimetype must be provided.';
    expect(() => email.attachAlternative(null, 'text/html')).toThrow(new MailValueError(msg));
    expect(() => email.attachAlternative('<p>content</p>', null)).toThrow(new MailValueError(msg));
  });

  it('test_mime_structure: generated messages have the expected parts and nesting', () => {
    const htmlBody = { content: '<p>HTML</p>', mimetype: 'text/html' };
    const image = { filename: 'image.gif', content: Buffer.from('\x89PNG...', 'latin1'), mimetype: 'image/png' };
    const rfc822 = { filename: null, content: new EmailMessage('', 'text'), mimetype: 'message/rfc822' };
    const cases: Array<[string, EmailMessage, string]> = [
      ['single body', new EmailMessage('', 'text'), 'text/plain\n'],
      ['single body with attachment', new EmailMessage('', 'text', null, null, { attachments: [image] }), 'multipart/mixed\n    text/plain\n    image/png\n'],
      ['alternative bodies', new EmailMultiAlternatives('', 'text', null, null, { alternatives: [htmlBody] }), 'multipart/alternative\n    text/plain\n    text/html\n'],
      ['alternative bodies with attachments', new EmailMultiAlternatives('', 'text', null, null, { alternatives: [htmlBody], attachments: [image] }),
        'multipart/mixed\n    multipart/alternative\n        text/plain\n        text/html\n    image/png\n'],
      ['alternative bodies with rfc822 attachment', new EmailMultiAlternatives('', 'text', null, null, { alternatives: [htmlBody], attachments: [rfc822] }),
        'multipart/mixed\n    multipart/alternative\n        text/plain\n        text/html\n    message/rfc822\n        text/plain\n'],
      ['attachment only', new EmailMessage('', '', null, null, { attachments: [image] }), 'multipart/mixed\n    image/png\n'],
      ['alternative only', new EmailMultiAlternatives('', '', null, null, { alternatives: [htmlBody] }), 'multipart/alternative\n    text/html\n'],
      ['alternative and attachment only', new EmailMultiAlternatives('', '', null, null, { alternatives: [htmlBody], attachments: [image] }),
        'multipart/mixed\n    multipart/alternative\n        text/html\n    image/png\n'],
      ['empty EmailMessage', new EmailMessage(), 'text/plain\n'],
      ['empty EmailMultiAlternatives', new EmailMultiAlternatives(), 'text/plain\n'],
    ];
    for (const [name, email, expected] of cases) expect(structure(parsed(email)), name).toBe(expected);
  });

  it('test_body_contains', () => {
    const email = new EmailMultiAlternatives();
    email.body = 'I am content.';
    expect(email.bodyContains('I am')).toBe(true);
    expect(email.bodyContains('I am content.')).toBe(true);
    email.attachAlternative('<p>I am different content.</p>', 'text/html');
    expect(email.bodyContains('I am')).toBe(true);
    expect(email.bodyContains('I am content.')).toBe(false);
    expect(email.bodyContains('<p>I am different content.</p>')).toBe(false);
  });

  it('test_body_contains_alternative_non_text', () => {
    const email = new EmailMultiAlternatives();
    email.body = 'I am content.';
    email.attachAlternative('I am content.', 'text/html');
    email.attachAlternative(Buffer.from('I am a song.'), 'audio/mpeg');
    expect(email.bodyContains('I am content')).toBe(true);
  });

  it('test_all_params_optional', () => {
    expect(parsed(new EmailMessage()).contentType).toBe('text/plain');
    expect(parsed(new EmailMultiAlternatives()).contentType).toBe('text/plain');
  });

  it('test_positional_arguments_order (subject, body, fromEmail, to, then the options)', () => {
    const connection = getConnection();
    const email = new EmailMessage('subject', 'body', 'from@example.com', ['to@example.com'], {
      bcc: ['bcc@example.com'], connection, attachments: [{ filename: 'file.txt', content: 'attachment', mimetype: 'text/plain' }],
      headers: { 'X-Header': 'custom header' }, cc: ['cc@example.com'], replyTo: ['reply-to@example.com'],
    });
    const message = email.message();
    expect(message.getAll('Subject')).toEqual(['subject']);
    expect(message.getAll('From')).toEqual(['from@example.com']);
    expect(message.getAll('To')).toEqual(['to@example.com']);
    expect(message.getAll('X-Header')).toEqual(['custom header']);
    expect(message.getAll('Cc')).toEqual(['cc@example.com']);
    expect(message.getAll('Reply-To')).toEqual(['reply-to@example.com']);
    expect(message.getPayload(0).getPayload()).toBe('body');
    expect(decodedAttachments(parsed(email))).toEqual([['file.txt', 'attachment', 'text/plain']]);
    expect(email.recipients()).toEqual(['to@example.com', 'cc@example.com', 'bcc@example.com']);
    expect(email.getConnection()).toBe(connection);
  });

  it('test_all_params_can_be_set_before_send', () => {
    const originalConnection = getConnection(null, { username: 'original' });
    const newConnection = getConnection(null, { username: 'new' });
    const email = new EmailMessage('original subject', 'original body', 'original-from@example.com', ['original-to@example.com'], {
      bcc: ['original-bcc@example.com'], connection: originalConnection,
      attachments: [{ filename: 'original.txt', content: 'original attachment', mimetype: 'text/plain' }],
      headers: { 'X-Header': 'original header' }, cc: ['original-cc@example.com'], replyTo: ['original-reply-to@example.com'],
    });
    email.subject = 'new subject';
    email.body = 'new body';
    email.fromEmail = 'new-from@example.com';
    email.to = ['new-to@example.com'];
    email.bcc = ['new-bcc@example.com'];
    email.connection = newConnection;
    email.attachments = [
      { filename: 'new1.txt', content: 'new attachment 1', mimetype: 'text/plain' },
      { filename: 'new2.txt', content: 'new attachment 2', mimetype: 'text/csv' },
      mimeAttachment(Buffer.from('GIF89a...'), 'image/gif'),
    ];
    email.extraHeaders = { 'X-Header': 'new header' };
    email.cc = ['new-cc@example.com'];
    email.replyTo = ['new-reply-to@example.com'];
    const message = email.message();
    expect(message.getAll('Subject')).toEqual(['new subject']);
    expect(message.getAll('From')).toEqual(['new-from@example.com']);
    expect(message.getAll('To')).toEqual(['new-to@example.com']);
    expect(message.getAll('X-Header')).toEqual(['new header']);
    expect(message.getAll('Cc')).toEqual(['new-cc@example.com']);
    expect(message.getAll('Reply-To')).toEqual(['new-reply-to@example.com']);
    expect(message.getPayload(0).getPayload()).toBe('new body');
    expect(decodedAttachments(parsed(email))).toEqual([
      ['new1.txt', 'new attachment 1', 'text/plain'],
      ['new2.txt', 'new attachment 2', 'text/csv'],
      [undefined, Buffer.from('GIF89a...'), 'image/gif'],
    ]);
    expect(email.recipients()).toEqual(['new-to@example.com', 'new-cc@example.com', 'new-bcc@example.com']);
    expect(email.getConnection()).toBe(newConnection);
    expect(message.asString()).not.toContain('original');
  });
});

describe('MailTimeZoneTests', () => {
  it('test_date_header_utc: EMAIL_USE_LOCALTIME=False creates a datetime in UTC', () => {
    overrideSettings({ EMAIL_USE_LOCALTIME: false, USE_TZ: true, TIME_ZONE: 'Africa/Algiers' }, () => {
      expect(new EmailMessage().message().get('Date')!.endsWith('-0000')).toBe(true);
    });
  });

  it('test_date_header_localtime: EMAIL_USE_LOCALTIME=True creates a datetime in the local time zone', () => {
    overrideSettings({ EMAIL_USE_LOCALTIME: true, USE_TZ: true, TIME_ZONE: 'Africa/Algiers' }, () => {
      // Africa/Algiers is UTC+1 year round.
      expect(new EmailMessage().message().get('Date')!.endsWith('+0100')).toBe(true);
    });
  });
});

afterAll(() => resetOutbox());
