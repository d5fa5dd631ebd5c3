/**
 * Errors raised by the HTTP parsing building blocks (QueryDict, cookies, bodies). Each has a
 * stable `code`; those a client can cause carry the status the handler answers with.
 */
import { BadRequest, CanterError } from '../conf/errors.js';

/**
 * A mutating method was called on an immutable QueryDict (request.GET, request.POST).
 * Django raises AttributeError "This QueryDict instance is immutable".
 *
 * @example const mutable = request.GET.copy(); mutable.set('page', '2');
 */
export class ImmutableQueryDictError extends CanterError {
  override readonly code: string = 'E_IMMUTABLE_QUERY_DICT';

  constructor(method: string) {
    super(
      `This QueryDict instance is immutable: ${method}() cannot change it. ` +
        'Call copy() for a mutable copy, or build one with { mutable: true }.',
    );
  }
}

/** A cookie name, value or attribute that cannot be sent in a Set-Cookie header as given. */
export class InvalidCookieError extends CanterError {
  override readonly code: string = 'E_INVALID_COOKIE';
}

/**
 * The body could not be read from the connection. Django's UnreadablePostError: the one body
 * error CSRF's token check swallows (the header may still carry a token), since a broken
 * connection says nothing about the request. Answers 400.
 */
export class UnreadablePostError extends BadRequest {
  override readonly code: string = 'E_UNREADABLE_POST';
}

/** The client went away (or its stream failed) before the whole body arrived: answers 400. */
export class ClientDisconnected extends UnreadablePostError {
  override readonly code: string = 'E_CLIENT_DISCONNECTED';
}

/** request.json() on a body that is not JSON: answers 400. */
export class InvalidJsonBody extends BadRequest {
  override readonly code: string = 'E_INVALID_JSON';
}

/** request.json() on a body nesting arrays and objects deeper than MAX_JSON_DEPTH: answers 400. */
export class JsonTooDeep extends BadRequest {
  override readonly code: string = 'E_JSON_TOO_DEEP';
}

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
