/**
 * canter/mail: Django's django.core.mail. Messages (EmailMessage, EmailMultiAlternatives), the
 * shortcuts (sendMail, sendMassMail, mailAdmins, mailManagers), getConnection() and the backends
 * EMAIL_BACKEND names: 'smtp' (nodemailer, loaded only when used), 'console', 'file',
 * 'locmem' (messages land in `outbox`, for tests) and 'dummy'.
 *
 * @example
 * import { sendMail } from 'canter/mail';
 * await sendMail('Welcome', 'Hello!', 'noreply@example.com', ['ann@example.com']);
 */
export { BadHeaderError, InvalidAddress, MailPackageMissing, MailValueError, UnsupportedEncoding } from './errors.js';
export { EmailMessage } from './message.js';
export type { AttachmentInput, EmailAttachment, EmailMessageOptions } from './message.js';
export { EmailMultiAlternatives } from './multi-alternatives.js';
export type { EmailAlternative, EmailMultiAlternativesOptions } from './multi-alternatives.js';
export { MimePart } from './mime-part.js';
export type { MimePayload } from './mime-part.js';
export { mimeAttachment, DEFAULT_ATTACHMENT_MIME_TYPE } from './parts.js';
export { sanitizeAddress } from './address.js';
export type { Address } from './address.js';
export { headerValue } from './headers.js';
export { dnsName } from './dns-name.js';
export { getConnection, resolveEmailBackend } from './connection.js';
export type { EmailBackendSpec } from './connection.js';
export { sendMail, sendMassMail, mailAdmins, mailManagers } from './send.js';
export type { SendMailOptions, MassMailMessage, MailStaffOptions } from './send.js';
export { outbox, resetOutbox } from './outbox.js';
export { BaseEmailBackend } from './backends/base.js';
export type { EmailBackendClass, EmailBackendOptions } from './backends/base.js';
export { ConsoleEmailBackend, MESSAGE_SEPARATOR } from './backends/console.js';
export type { ConsoleEmailBackendOptions, TextSink } from './backends/console.js';
export { FileEmailBackend } from './backends/file.js';
export type { FileEmailBackendOptions } from './backends/file.js';
export { LocmemEmailBackend } from './backends/locmem.js';
export { DummyEmailBackend } from './backends/dummy.js';
export { SmtpEmailBackend } from './backends/smtp.js';
export type { SmtpEmailBackendOptions } from './backends/smtp.js';
