/**
 * Host validation, as Django's split_domain_port/validate_host: the Host must be a DNS name or an
 * IPv6 literal with an optional port, and must match ALLOWED_HOSTS.
 */

const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:\d+)?$/;

/** Splits `example.com:8000` into domain and port; an invalid host gives an empty domain. */
export function splitDomainPort(host: string): [domain: string, port: string] {
  const match = HOST_RE.exec(host.toLowerCase());
  if (match === null) return ['', ''];
  const domain = match[1]!;
  const port = match[2]?.slice(1) ?? '';
  return [domain.endsWith('.') ? domain.slice(0, -1) : domain, port];
}

/** True when the pattern allows the domain: `*`, an exact name, or `.example.com` for it and its subdomains. */
export function isSameDomain(host: string, pattern: string): boolean {
  if (pattern === '') return false;
  const p = pattern.toLowerCase();
  if (p.startsWith('.')) return host.endsWith(p) || host === p.slice(1);
  return host === p;
}

export function validateHost(domain: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => pattern === '*' || isSameDomain(domain, pattern));
}
