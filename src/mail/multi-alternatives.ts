/** Django's EmailMultiAlternatives: a message with other versions of its body (an HTML one). */
import type { MailCharset } from './charsets.js';
import { MailValueError } from './errors.js';
import { EmailMessage, type EmailMessageOptions } from './message.js';
import type { MimePart } from './mime-part.js';
import { multipart } from './parts.js';

/** Another version of the body: Django's EmailAlternative(content, mimetype). */
export interface EmailAlternative {
  readonly content: string | Uint8Array;
  readonly mimetype: string;
}

/** EmailMessage's options, and the alternatives to start with. */
export interface EmailMultiAlternativesOptions extends EmailMessageOptions {
  alternatives?: ReadonlyArray<EmailAlternative | readonly [string | Uint8Array, string]> | null;
}

/**
 * A message with alternative bodies (multipart/alternative), Django's EmailMultiAlternatives.
 *
 * @example
 * const msg = new EmailMultiAlternatives('Hi', 'Plain text', 'from@example.com', ['to@example.com']);
 * msg.attachAlternative('<p>HTML text</p>', 'text/html');
 * await msg.send();
 */
export class EmailMultiAlternatives extends EmailMessage {
  alternativeSubtype = 'alternative';
  alternatives: EmailAlternative[] = [];

  constructor(
    subject: string | null = '',
    body: string | null = '',
    fromEmail: string | null = null,
    to: readonly string[] | null = null,
    options: EmailMultiAlternativesOptions = {},
  ) {
    super(subject, body, fromEmail, to, options);
    for (const alternative of options.alternatives ?? []) {
      if (Array.isArray(alternative)) this.attachAlternative(alternative[0], alternative[1]);
      else this.attachAlternative((alternative as EmailAlternative).content, (alternative as EmailAlternative).mimetype);
    }
  }

  /** Adds a version of the body in another MIME type. */
  attachAlternative(content: string | Uint8Array | null | undefined, mimetype: string | null | undefined): void {
    if (content === null || content === undefined || mimetype === null || mimetype === undefined) {
      throw new MailValueError('Both content and mimetype must be provided.');
    }
    this.alternatives.push({ content, mimetype });
  }

  /**
   * True when `text` is in the body and in every text/* alternative (Django's body_contains):
   * for asserting in tests what every version of a message says.
   */
  bodyContains(text: string): boolean {
    if (!this.body.includes(text)) return false;
    return this.alternatives.every((a) => !a.mimetype.startsWith('text/') || typeof a.content !== 'string' || a.content.includes(text));
  }

  override copy(): this {
    const copy = super.copy();
    copy.alternatives = [...this.alternatives];
    return copy;
  }

  protected override createMessage(body: MimePart, charset: MailCharset): MimePart {
    return this.createAttachments(this.createAlternatives(body, charset), charset);
  }

  private createAlternatives(body: MimePart, charset: MailCharset): MimePart {
    if (this.alternatives.length === 0) return body;
    const parts: MimePart[] = this.body ? [body] : [];
    for (const alternative of this.alternatives) parts.push(this.mimePart(alternative.content, alternative.mimetype, charset));
    return multipart(this.alternativeSubtype, parts);
  }
}
