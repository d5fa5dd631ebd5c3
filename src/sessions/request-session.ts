import { ImproperlyConfigured } from '../core/errors.js';
import { HttpRequest } from '../http/request.js';
import type { SessionBase } from './base.js';

declare module '../http/request.js' {
  interface HttpRequest {
    /** The visitor's session, set by SessionMiddleware. */
    session: SessionBase;
  }
}

const SESSION = Symbol('canter.session');

type WithSession = HttpRequest & { [SESSION]?: SessionBase };

// request.session without SessionMiddleware is a wiring mistake: say so instead of "undefined".
Object.defineProperty(HttpRequest.prototype, 'session', {
  configurable: true,
  get(this: WithSession): SessionBase {
    const session = this[SESSION];
    if (session === undefined) {
      throw new ImproperlyConfigured(
        'request.session is not set: add SessionMiddleware (canter/sessions) to MIDDLEWARE, before any middleware that uses the session.',
      );
    }
    return session;
  },
  set(this: WithSession, value: SessionBase) {
    this[SESSION] = value;
  },
});

/** The request's session, or undefined when SessionMiddleware has not run (no error). */
export function sessionOf(request: HttpRequest): SessionBase | undefined {
  return (request as WithSession)[SESSION];
}
