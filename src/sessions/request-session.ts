import { defineRequestSlot } from '../http/request-slot.js';
import type { HttpRequest } from '../http/request.js';
import type { SessionBase } from './base.js';

declare module '../http/request.js' {
  interface HttpRequest {
    /** The visitor's session, set by SessionMiddleware. */
    session: SessionBase;
  }
}

/** request.session: reading it without SessionMiddleware is a wiring mistake, and the error says so. */
export const sessionSlot = defineRequestSlot<SessionBase>('session', {
  missing: 'add SessionMiddleware (canter/sessions) to MIDDLEWARE, before any middleware that uses the session.',
});

/** The request's session, or undefined when SessionMiddleware has not run (no error). */
export function sessionOf(request: HttpRequest): SessionBase | undefined {
  return sessionSlot.of(request);
}
