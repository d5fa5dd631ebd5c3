/** The host name used in Message-IDs (Django's DNS_NAME), looked up once, in punycode. */
import { hostname } from 'node:os';
import { domainToASCII } from 'node:url';

let cached: string | undefined;

/** This machine's name, ASCII (punycode for an international name). */
export function dnsName(): string {
  if (cached === undefined) {
    const name = hostname() || 'localhost';
    cached = domainToASCII(name) || name;
  }
  return cached;
}
