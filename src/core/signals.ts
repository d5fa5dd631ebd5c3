import { Signal } from '../dispatch/index.js';
import type { HttpRequest } from '../http/request.js';

/** Sent as a request arrives, before the middleware; `environ` is the request's META. */
export const requestStarted = new Signal<{ environ: Record<string, string> }>('request_started');

/** Sent once the response has been sent (or the client went away). */
export const requestFinished = new Signal<object>('request_finished');

/** Sent when a view or middleware throws an error that becomes a 500. */
export const gotRequestException = new Signal<{ request: HttpRequest; exception: unknown }>('got_request_exception');
