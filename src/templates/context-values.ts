import { getToken } from '../csrf/index.js';
import type { HttpRequest } from '../http/request.js';
import type { ContextProcessor } from './context-processors.js';
import {
  ANONYMOUS_USER,
  applyContextProcessors,
  auth,
  csrf,
  debug,
  DEFAULT_MESSAGE_LEVELS,
  layOver,
  messages,
  optionalAttribute,
  PermWrapper,
  request,
  requestUser,
} from './context-processors.js';

/** What the built-in processors' getters read for one request, and what they computed for it. */
class RequestState {
  token: string | undefined = undefined;
  user: unknown = undefined;

  constructor(readonly request: HttpRequest) {}

  userOf(): unknown {
    return (this.user ??= requestUser(this.request) ?? ANONYMOUS_USER);
  }
}

const STATE = Symbol('canter.templates.request-state');

/** An object of context values whose built-in ones are getters reading `[STATE]`. */
interface StatefulValues extends Record<string, unknown> {
  [STATE]: RequestState;
}

/** Each built-in processor's values, as functions of the request's state (the same values the processor functions give). */
const BUILTIN_VALUES = new Map<ContextProcessor, Readonly<Record<string, (state: RequestState) => unknown>>>([
  [request, { request: (state) => state.request }],
  [csrf, { csrf_token: (state) => (state.token ??= getToken(state.request)) }],
  [auth, { user: (state) => state.userOf(), perms: (state) => new PermWrapper(state.userOf()) }],
  [messages, { messages: (state) => optionalAttribute(state.request, '_messages') ?? [], DEFAULT_MESSAGE_LEVELS: () => DEFAULT_MESSAGE_LEVELS }],
]);

/**
 * An engine's context processors, planned once: what running them in order gives, made cheaply.
 * The built-in processors at the head of the list (request, csrf, auth, messages, debug) become
 * getters on one prototype shared by every render, so a render allocates one object and its
 * state instead of an object, closures and property copies per processor; their keys are
 * distinct, so their order among themselves does not matter. `debug` (whose values exist only
 * in DEBUG for INTERNAL_IPS) is asked each render. From the first other processor on, each runs
 * as a function and its answer is laid over, as runContextProcessors() does. The result is
 * synchronous unless one of those processors is async.
 */
export class ContextProcessorPlan {
  /** What lies beneath the processors' values (LiquidJS's globals). */
  readonly base: object | null;
  readonly #prototype: object;
  readonly #askEach: readonly ContextProcessor[];
  readonly #rest: readonly ContextProcessor[];

  constructor(processors: readonly ContextProcessor[], base: object | null) {
    this.base = base;
    const prototype = Object.create(base) as object;
    const askEach: ContextProcessor[] = [];
    let head = 0;
    for (; head < processors.length; head++) {
      const processor = processors[head]!;
      const values = BUILTIN_VALUES.get(processor);
      if (processor === debug) askEach.push(processor);
      else if (values === undefined) break;
      else {
        for (const [name, value] of Object.entries(values)) {
          Object.defineProperty(prototype, name, {
            get(this: StatefulValues): unknown {
              return value(this[STATE]);
            },
            enumerable: true,
            configurable: true,
          });
        }
      }
    }
    this.#prototype = prototype;
    this.#askEach = askEach;
    this.#rest = processors.slice(head);
  }

  /** The values for a request; a Promise only when an async processor ran. */
  run(req: HttpRequest): Record<string, unknown> | Promise<Record<string, unknown>> {
    const values = Object.create(this.#prototype) as StatefulValues;
    values[STATE] = new RequestState(req);
    for (const processor of this.#askEach) layOver(values, processor(req), processor);
    return this.#rest.length === 0 ? values : applyContextProcessors(this.#rest, req, values);
  }
}
