/** Django's EmailMessage: a message to one or more recipients, its MIME form, and sending it. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { getSettings } from '../conf/settings/index.js';
import type { BaseEmailBackend } from './backends/base.js';
import { mailCharset, type MailCharset } from './charsets.js';
import { getConnection } from './connection.js';
import { setHeader } from './headers.js';
import { formatDate, makeMsgid } from './message-id.js';
import { MimePart } from './mime-part.js';
import { guessMimeType } from './mime-types.js';
import { MailValueError } from './errors.js';
import { attachmentDisposition, DEFAULT_ATTACHMENT_MIME_TYPE, messagePart, mimeAttachment, multipart, textPart } from './parts.js';

/** An attachment: Django's EmailAttachment(filename, content, mimetype). */
export interface EmailAttachment {
  readonly filename: string | null;
  /** Text, bytes, or (for message/rfc822) a whole EmailMessage. */
  readonly content: string | Uint8Array | EmailMessage;
  readonly mimetype: string;
}

/** What `attachments` accepts: EmailAttachments, [filename, content, mimetype?] tuples, or ready MIME parts. */
export type AttachmentInput =
  | EmailAttachment
  | readonly [string | null, string | Uint8Array | EmailMessage, (string | null)?]
  | MimePart;

/** The keyword arguments of Django's EmailMessage, after subject, body, fromEmail and to. */
export interface EmailMessageOptions {
  bcc?: readonly string[] | null;
  connection?: BaseEmailBackend | null;
  attachments?: readonly AttachmentInput[] | null;
  /** Extra headers; From, To, Cc and Reply-To here replace what the fields would give. */
  headers?: Readonly<Record<string, string>> | null;
  cc?: readonly string[] | null;
  replyTo?: readonly string[] | null;
}

function addressList(name: string, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || !(Symbol.iterator in Object(value))) throw new TypeError(`"${name}" argument must be a list or tuple`);
  return [...(value as Iterable<string>)];
}

/**
 * An email, Django's EmailMessage: every field may be changed until it is sent.
 *
 * @example
 * const email = new EmailMessage('Hello', 'Body goes here', 'from@example.com', ['to@example.com'], {
 *   cc: ['cc@example.com'], replyTo: ['another@example.com'], headers: { 'Message-ID': 'foo' },
 * });
 * await email.send();
 */
export class EmailMessage {
  /** The subtype of the body: 'plain', or 'html' to send an HTML body. */
  contentSubtype = 'plain';
  /** The subtype of the multipart that holds body and attachments. */
  mixedSubtype = 'mixed';
  /** The charset to write the message in; null for DEFAULT_CHARSET. */
  encoding: string | null = null;
  subject: string;
  body: string;
  fromEmail: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  extraHeaders: Record<string, string>;
  attachments: Array<EmailAttachment | MimePart> = [];
  connection: BaseEmailBackend | null;
  /** DEFAULT_CHARSET when the message was made. */
  protected readonly defaultCharset: string;
  /** TIME_ZONE when EMAIL_USE_LOCALTIME was on as the message was made: the zone of its Date header. */
  protected readonly dateTimeZone: string | undefined;

  constructor(
    subject: string | null = '',
    body: string | null = '',
    fromEmail: string | null = null,
    to: readonly string[] | null = null,
    options: EmailMessageOptions = {},
  ) {
    const settings = getSettings();
    this.defaultCharset = settings.DEFAULT_CHARSET;
    this.dateTimeZone = settings.EMAIL_USE_LOCALTIME ? settings.TIME_ZONE : undefined;
    this.to = addressList('to', to);
    this.cc = addressList('cc', options.cc);
    this.bcc = addressList('bcc', options.bcc);
    this.replyTo = addressList('reply_to', options.replyTo);
    this.fromEmail = fromEmail || settings.DEFAULT_FROM_EMAIL;
    this.subject = subject ?? '';
    this.body = body ?? '';
    for (const attachment of options.attachments ?? []) {
      if (attachment instanceof MimePart) this.attach(attachment);
      else if (Array.isArray(attachment)) this.attach(attachment[0] ?? null, attachment[1], attachment[2] ?? null);
      else {
        const a = attachment as EmailAttachment;
        this.attach(a.filename, a.content, a.mimetype);
      }
    }
    this.extraHeaders = { ...(options.headers ?? {}) };
    this.connection = options.connection ?? null;
  }

  /** The charset this message is written in: `encoding`, else DEFAULT_CHARSET as it was when the message was made. */
  get charset(): string {
    return this.encoding ?? this.defaultCharset;
  }

  /** The connection this message is sent with, made from EMAIL_BACKEND on first use. */
  getConnection(failSilently = false): BaseEmailBackend {
    this.connection ??= getConnection(null, { failSilently });
    return this.connection;
  }

  /** The message in MIME form; BadHeaderError when a header holds a newline. */
  message(): MimePart {
    const charset = mailCharset(this.charset);
    const msg = this.createMessage(textPart(this.body, this.contentSubtype, charset), charset);
    setHeader(msg, 'Subject', this.subject, charset);
    setHeader(msg, 'From', this.extraHeaders.From ?? this.fromEmail, charset);
    this.setListHeader(msg, 'To', this.to, charset);
    this.setListHeader(msg, 'Cc', this.cc, charset);
    this.setListHeader(msg, 'Reply-To', this.replyTo, charset);
    const names = new Set(Object.keys(this.extraHeaders).map((n) => n.toLowerCase()));
    if (!names.has('date')) msg.append('Date', formatDate(new Date(), this.dateTimeZone));
    if (!names.has('message-id')) msg.append('Message-ID', makeMsgid());
    for (const [name, value] of Object.entries(this.extraHeaders)) {
      if (!['from', 'to', 'cc', 'reply-to'].includes(name.toLowerCase())) setHeader(msg, name, value, charset);
    }
    return msg;
  }

  /** Every recipient: to, cc and bcc, leaving out empty entries. */
  recipients(): string[] {
    return [...this.to, ...this.cc, ...this.bcc].filter((address) => Boolean(address));
  }

  /** Sends the message; resolves to the number sent (0 without recipients, or when it failed silently). */
  async send(failSilently = false): Promise<number> {
    if (this.recipients().length === 0) return 0;
    return this.getConnection(failSilently).sendMessages([this]);
  }

  /**
   * Adds an attachment: a MIME part as it is, or content with a filename and a MIME type
   * (guessed from the filename when left out). Text given as bytes is decoded as UTF-8, or sent
   * as application/octet-stream when it is not UTF-8.
   */
  attach(part: MimePart): void;
  attach(filename: string | null, content: string | Uint8Array | EmailMessage, mimetype?: string | null): void;
  attach(filename: string | null | MimePart, content?: string | Uint8Array | EmailMessage | null, mimetype?: string | null): void {
    if (filename instanceof MimePart) {
      if ((content !== undefined && content !== null) || (mimetype !== undefined && mimetype !== null)) {
        throw new MailValueError('content and mimetype must not be given when a MIMEBase instance is provided.');
      }
      this.attachments.push(filename);
      return;
    }
    if (content === undefined || content === null) throw new MailValueError('content must be provided.');
    let type = mimetype || guessMimeType(filename) || DEFAULT_ATTACHMENT_MIME_TYPE;
    let value = content;
    if (type.startsWith('text/') && value instanceof Uint8Array) {
      try {
        value = new TextDecoder('utf-8', { fatal: true }).decode(value);
      } catch {
        type = DEFAULT_ATTACHMENT_MIME_TYPE;
      }
    }
    this.attachments.push({ filename, content: value, mimetype: type });
  }

  /** Attaches a file from disk, named after its base name. */
  async attachFile(path: string, mimetype: string | null = null): Promise<void> {
    this.attach(basename(path), await readFile(path), mimetype);
  }

  /** A copy whose lists and headers are its own (what the locmem backend keeps). The class uses no #private members, which a copy could not carry. */
  copy(): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.to = [...this.to];
    copy.cc = [...this.cc];
    copy.bcc = [...this.bcc];
    copy.replyTo = [...this.replyTo];
    copy.extraHeaders = { ...this.extraHeaders };
    copy.attachments = [...this.attachments];
    return copy;
  }

  /** Wraps the body part with attachments (a subclass adds alternatives first). */
  protected createMessage(body: MimePart, charset: MailCharset): MimePart {
    return this.createAttachments(body, charset);
  }

  protected createAttachments(body: MimePart, charset: MailCharset): MimePart {
    if (this.attachments.length === 0) return body;
    const parts: MimePart[] = this.body || body.isMultipart() ? [body] : [];
    for (const attachment of this.attachments) {
      parts.push(attachment instanceof MimePart ? attachment : this.attachmentPart(attachment, charset));
    }
    return multipart(this.mixedSubtype, parts);
  }

  /** A part for content of a MIME type: text in the message's charset, messages as they are, the rest base64. */
  protected mimePart(content: string | Uint8Array | EmailMessage, mimetype: string, charset: MailCharset): MimePart {
    const [basetype, subtype = ''] = mimetype.split('/', 2);
    if (basetype === 'text') {
      const text = typeof content === 'string' ? content : content instanceof Uint8Array ? Buffer.from(content).toString('utf8') : content.body;
      return textPart(text, subtype, charset);
    }
    if (basetype === 'message' && subtype === 'rfc822') {
      if (content instanceof EmailMessage) return messagePart(content.message());
      return messagePart(typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    }
    if (content instanceof EmailMessage) return messagePart(content.message());
    return mimeAttachment(content, mimetype);
  }

  private attachmentPart(attachment: EmailAttachment, charset: MailCharset): MimePart {
    const part = this.mimePart(attachment.content, attachment.mimetype, charset);
    if (attachment.filename) part.append('Content-Disposition', attachmentDisposition(attachment.filename));
    return part;
  }

  private setListHeader(msg: MimePart, name: string, values: readonly string[], charset: MailCharset): void {
    const given = this.extraHeaders[name];
    if (given !== undefined) setHeader(msg, name, given, charset);
    else if (values.length > 0) setHeader(msg, name, values.map(String).join(', '), charset);
  }
}
