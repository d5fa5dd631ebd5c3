import type { HttpRequest } from '../http/request.js';
import type { HttpResponseBase } from '../http/response.js';

/**
 * A view: takes the request and answers. Views for routes with named parameters (every `path()`
 * parameter, `rePath()` named groups) are called as `view(request, kwargs)`; views for routes with
 * only positional groups as `view(request, ...args)`; others as `view(request)`. That is Django's
 * rule: named groups win, positional ones are passed only when there are no named ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type View = (request: HttpRequest, ...rest: any[]) => HttpResponseBase | Promise<HttpResponseBase>;

/** What resolve() returns: the view and the arguments the URL gave it. Django's ResolverMatch. */
export interface ResolverMatch {
  readonly func: View;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The pattern's `name`, or null. */
  readonly urlName: string | null;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  /** `namespaces.join(':')`. */
  readonly namespace: string;
  readonly appName: string;
  /** The whole route of the match, e.g. `blog/<int:year>/`. */
  readonly route: string;
  /** `namespace:urlName`, or the view's name when the pattern has no name. */
  readonly viewName: string;
}

/** A project's (or an app's) URLconf: Django's urls.py as an object. */
export interface UrlConf {
  readonly urlpatterns: readonly unknown[];
  /** The app namespace for include() of this URLconf. */
  readonly appName?: string;
  readonly handler400?: View;
  readonly handler403?: View;
  readonly handler404?: View;
  readonly handler500?: View;
}

/** reverse()'s arguments besides the view name. Pass args or kwargs, not both. */
export interface ReverseOptions {
  /** Values for the pattern's parameters in order (named or not). */
  readonly args?: readonly unknown[];
  /** Values for the pattern's parameters by name. */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /**
   * The instance namespace path of the application in use (Django's current_app, e.g.
   * `request.resolverMatch.namespace`), which picks the instance when an app is included twice.
   */
  readonly currentApp?: string | null;
}
