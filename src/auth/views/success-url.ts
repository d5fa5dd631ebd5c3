import type { HttpRequest } from '../../http/request.js';
import { urlHasAllowedHostAndScheme } from '../../http/url-has-allowed-host-and-scheme.js';

/**
 * Django's RedirectURLMixin.get_redirect_url: the `next` the request carries (the POST field,
 * else the query string) when it is safe — this host or one of `allowedHosts`, and https when
 * the request is — else ''.
 */
export function safeRedirectUrl(request: HttpRequest, fieldName: string, allowedHosts: Iterable<string> = []): string {
  const posted = request.method === 'POST' ? request.POST.get(fieldName) : undefined;
  const next = posted ?? request.GET.get(fieldName) ?? '';
  const hosts = new Set([request.getHost(), ...allowedHosts]);
  return urlHasAllowedHostAndScheme(next, hosts, request.isSecure()) ? next : '';
}
