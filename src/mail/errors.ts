/** The errors canter/mail throws. */
import { CanterError } from '../conf/errors.js';

/**
 * A header value holds a newline (CR or LF), which would let whoever wrote it add headers or a
 * body of their own (header injection). Django's BadHeaderError.
 */
export class BadHeaderError extends CanterError {
  override readonly code: string = 'E_MAIL_BAD_HEADER';
}

/** An address cannot be parsed, or holds a newline (Django's ValueError from sanitize_address). */
export class InvalidAddress extends CanterError {
  override readonly code: string = 'E_INVALID_ADDRESS';
}

/** A mail backend needs an npm package that is not installed (the SMTP backend needs nodemailer). */
export class MailPackageMissing extends CanterError {
  override readonly code: string = 'E_MAIL_PACKAGE_MISSING';
}

/** A message's `encoding` names a charset Canter cannot write (it writes UTF-8, ISO-8859-1 and ASCII). */
export class UnsupportedEncoding extends CanterError {
  override readonly code: string = 'E_MAIL_UNSUPPORTED_ENCODING';
}

/**
 * An argument a message or backend cannot use (Django's ValueError there): an attachment
 * without content, an alternative without content or type, EMAIL_USE_TLS with EMAIL_USE_SSL.
 */
export class MailValueError extends CanterError {
  override readonly code: string = 'E_MAIL_VALUE';
}
