import { CanterError, ImproperlyConfigured } from '../conf/errors.js';
import { HttpRequest } from './request.js';

/**
 * A request slot was read through its typed property (`request.session`) but the middleware that
 * fills it is not installed, or runs later. A wiring mistake, so it is ImproperlyConfigured.
 */
export class RequestSlotMissing extends ImproperlyConfigured {
  override readonly code: string = 'E_REQUEST_SLOT_MISSING';
}

/** Two modules claimed the same request property, or a slot would hide one of HttpRequest's own. */
export class RequestSlotTaken extends CanterError {
  override readonly code: string = 'E_REQUEST_SLOT_TAKEN';
}

/** How a slot is declared. */
export interface RequestSlotOptions {
  /**
   * What to do when the slot is read before anything filled it, ending the error message
   * `request.<name> is not set: <missing>` — name the middleware and the setting.
   */
  missing: string;
  /**
   * Whether `request.<name>` is defined as a typed property (a getter that throws when the slot
   * is empty, and a setter). Default true. False for state only its own module reads (CSRF's).
   */
  property?: boolean;
  /**
   * For a slot its middleware fills later (request.user, loaded on first `await request.auser()`):
   * given a request whose slot is empty, the error to throw instead of RequestSlotMissing when
   * the middleware did run and the value is only not there yet; undefined for RequestSlotMissing.
   */
  pending?: (request: HttpRequest) => Error | undefined;
}

/** One kind of per-request state, filled by one middleware. */
export interface RequestSlot<T> {
  /** The property name, and the name errors use. */
  readonly name: string;
  /** The value, or undefined when nothing filled the slot (never throws). */
  of(request: HttpRequest): T | undefined;
  /** The value; throws RequestSlotMissing when nothing filled the slot. */
  get(request: HttpRequest): T;
  /** Fills the slot: the middleware does this, and tests that build a request by hand. */
  set(request: HttpRequest, value: T): void;
}

// The explicit registry of slot names, so two modules cannot silently share one.
const defined = new Set<string>();

/**
 * Declares typed per-request state, once, at import time: the property is defined on
 * HttpRequest.prototype (no per-request closures or defineProperty), and the value lives under a
 * private symbol on the request. The declaring module adds the type by declaration merging.
 *
 * @example
 * declare module 'canter/http' { interface HttpRequest { tenant: Tenant } }
 * export const tenantSlot = defineRequestSlot<Tenant>('tenant', {
 *   missing: 'add TenantMiddleware (my-app/tenants) to MIDDLEWARE.',
 * });
 * // in the middleware: tenantSlot.set(request, tenant); elsewhere: tenantSlot.of(request)
 */
export function defineRequestSlot<T>(name: string, options: RequestSlotOptions): RequestSlot<T> {
  const property = options.property ?? true;
  if (defined.has(name) || (property && name in HttpRequest.prototype)) {
    throw new RequestSlotTaken(`A request slot named '${name}' is already defined; choose another name for this one.`);
  }
  defined.add(name);
  const key = Symbol(`canter.${name}`);
  const message = `request.${name} is not set: ${options.missing}`;
  type Holder = HttpRequest & Record<symbol, T | undefined>;

  const slot: RequestSlot<T> = {
    name,
    of: (request) => (request as Holder)[key],
    get(request) {
      const value = (request as Holder)[key];
      if (value === undefined) throw options.pending?.(request) ?? new RequestSlotMissing(message);
      return value;
    },
    set(request, value) {
      (request as Holder)[key] = value;
    },
  };
  if (property) {
    Object.defineProperty(HttpRequest.prototype, name, {
      configurable: true,
      get(this: HttpRequest): T {
        return slot.get(this);
      },
      set(this: HttpRequest, value: T) {
        (this as Holder)[key] = value;
      },
    });
  }
  return slot;
}
