import { CanterError } from '../core/errors.js';

/** A header name or value that would split the response (CR/LF) or is empty. */
export class BadHeaderError extends CanterError {
  override readonly code: string = 'E_BAD_HEADER';
}

/** The body was consumed as a stream (multipart) and is no longer available as bytes. */
export class RawPostDataException extends CanterError {
  override readonly code: string = 'E_RAW_POST_DATA';
}

/** A signed cookie asked for without a default was absent. */
export class MissingCookieError extends CanterError {
  override readonly code: string = 'E_MISSING_COOKIE';
}

/** A TemplateResponse's content was read before render(). */
export class ContentNotRenderedError extends CanterError {
  override readonly code: string = 'E_CONTENT_NOT_RENDERED';
}
