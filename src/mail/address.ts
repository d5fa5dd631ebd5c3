/**
 * Email addresses as Django's sanitize_address handles them: 'Name <local@domain>', a bare
 * 'local@domain' (or a local part alone), or a [name, address] pair; checked, with a non-ASCII
 * display name or local part as encoded words and a non-ASCII domain in punycode.
 */
import { domainToASCII } from 'node:url';
import { mailCharset, UTF8, type MailCharset } from './charsets.js';
import { encodeHeaderText, isAscii } from './encoded-words.js';
import { InvalidAddress } from './errors.js';

/** An address as the API takes it: text, or Django's (name, address) pair. */
export type Address = string | readonly [string, string];

interface Mailbox {
  name: string;
  local: string;
  domain: string | undefined;
}

// RFC 5322 specials: a display name holding one of these must be quoted.
const SPECIALS = /[\][\\()<>@,:;".]/;
// What an unquoted display name (an obsolete phrase allows dots) may not hold.
const PHRASE_FORBIDDEN = /[\][\\()<>@,:;"]/;
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/** Splits a header value of several addresses at the commas outside quotes and angle brackets. */
export function splitAddresses(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (quoted && char === '\\') {
      current += char + (value[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle++;
    else if (!quoted && char === '>') angle = Math.max(0, angle - 1);
    if (char === ',' && !quoted && angle === 0) {
      out.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  out.push(current);
  return out.map((a) => a.trim()).filter((a) => a !== '');
}

const invalid = (text: string): InvalidAddress => new InvalidAddress(`Invalid address "${text}"`);

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** local@domain, or a local part alone; the local part may be a quoted string. */
function parseAddrSpec(spec: string, original: string): { local: string; domain: string | undefined } {
  let local: string;
  let rest: string;
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(spec);
  if (quoted !== null) {
    local = unquote(quoted[0]);
    rest = spec.slice(quoted[0].length);
  } else {
    const at = spec.indexOf('@');
    local = at < 0 ? spec : spec.slice(0, at);
    rest = at < 0 ? '' : spec.slice(at);
    if (local === '' || /[\s"(),:;<>[\]\\]/.test(local)) throw invalid(original);
  }
  if (rest === '') return { local, domain: undefined };
  const domain = rest.slice(1);
  if (!rest.startsWith('@') || domain === '' || /[\s"(),:;<>@[\]\\]/.test(domain)) throw invalid(original);
  return { local, domain };
}

function parseMailbox(text: string): Mailbox {
  const trimmed = text.trim();
  const open = trimmed.lastIndexOf('<');
  if (open < 0) return { name: '', ...parseAddrSpec(trimmed, text) };
  const close = trimmed.indexOf('>', open);
  if (close < 0) throw invalid(text);
  if (trimmed.slice(close + 1).trim() !== '') {
    throw new InvalidAddress(`Invalid address; only ${trimmed.slice(0, close + 1)} could be parsed from "${text}"`);
  }
  const rawName = trimmed.slice(0, open).trim();
  let name: string;
  if (/^"(?:[^"\\]|\\.)*"$/.test(rawName)) name = unquote(rawName);
  else if (PHRASE_FORBIDDEN.test(rawName)) throw invalid(text);
  else name = rawName;
  return { name, ...parseAddrSpec(trimmed.slice(open + 1, close).trim(), text) };
}

/** Python's email.utils.formataddr: quotes a display name that needs it. */
function formatAddress(name: string, spec: string): string {
  if (name === '') return spec;
  const shown = SPECIALS.test(name) ? `"${name.replace(/[\\"]/g, '\\$&')}"` : name;
  return `${shown} <${spec}>`;
}

/**
 * The address ready for a header or an SMTP envelope: checked (InvalidAddress when it cannot
 * be parsed or holds a newline), non-ASCII parts encoded in `encoding`.
 *
 * @example
 * sanitizeAddress('Zoë <zoe@exämple.com>'); // '=?utf-8?q?Zo=C3=AB?= <zoe@xn--exmple-cua.com>'
 */
export function sanitizeAddress(address: Address, encoding: string | MailCharset = UTF8): string {
  const charset = typeof encoding === 'string' ? mailCharset(encoding) : encoding;
  const parts = typeof address === 'string' ? [address] : [...address];
  if (parts.some((part) => /[\r\n]/.test(String(part)))) {
    throw new InvalidAddress('Invalid address; address parts cannot contain newlines.');
  }
  let mailbox: Mailbox;
  if (typeof address === 'string') {
    mailbox = parseMailbox(address);
  } else {
    const [name, spec] = address;
    const at = spec.lastIndexOf('@');
    if (at < 0) throw invalid(spec);
    mailbox = { name, local: spec.slice(0, at), domain: spec.slice(at + 1) };
  }
  const name = encodeHeaderText(mailbox.name, charset);
  let local: string;
  if (!isAscii(mailbox.local)) local = encodeHeaderText(mailbox.local, charset);
  else if (DOT_ATOM.test(mailbox.local)) local = mailbox.local;
  else local = `"${mailbox.local.replace(/[\\"]/g, '\\$&')}"`;
  let domain = mailbox.domain;
  if (domain !== undefined && !isAscii(domain)) {
    const ascii = domainToASCII(domain);
    if (ascii === '') throw invalid(typeof address === 'string' ? address : address[1]);
    domain = ascii;
  }
  return formatAddress(name, domain === undefined ? local : `${local}@${domain}`);
}

/** The bare address an SMTP envelope needs: 'a@example.com' from 'Ann <a@example.com>'. */
export function envelopeAddress(sanitized: string): string {
  const match = /<([^<>]*)>$/.exec(sanitized);
  return match === null ? sanitized : match[1]!;
}
