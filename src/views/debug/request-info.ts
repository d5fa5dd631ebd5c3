/**
 * The request as the DEBUG pages show it. The page is drawn when something already went wrong,
 * so every read is guarded: a body that failed to parse, a Host that is not allowed or a
 * middleware that is missing must show up as a note, never as a second error.
 */
import { getSettings } from '../../conf/settings/index.js';
import type { HttpRequest } from '../../http/request.js';
import { formatSetting, formatValue, HIDDEN_NAMES, MASK, maskSecretsInText } from './cleanse.js';

/** One name and its value, ready to print (already masked and formatted). */
export interface Row {
  readonly name: string;
  readonly value: string;
}

/** A titled table; `rows` is null when there was nothing to show, and `note` then says why. */
export interface Section {
  readonly title: string;
  readonly rows: readonly Row[] | null;
  readonly note: string;
}

/** `read()`, or `fallback` when it throws. */
export function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/**
 * The URL as the client asked for it, secret query parameters (`?token=…`) masked; the bare path
 * when the Host itself is what failed.
 */
export function requestUrl(request: HttpRequest): string {
  return maskSecretsInText(safely(() => request.buildAbsoluteUri(), safely(() => request.getFullPath(), request.path)));
}

/** The client accepts HTML: no Accept header, or one naming text/html (not a bare `*\/*`). */
export function acceptsHtml(request: HttpRequest): boolean {
  const accept = safely(() => request.headers.get('accept'), undefined);
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'application/xhtml+xml') return false;
    const q = params.find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The view that was running, as Django's "Raised during". */
export function viewName(request: HttpRequest): string | null {
  const match = safely(() => request.resolverMatch, null);
  if (match === null) return null;
  return match.viewName || match.func.name || null;
}

/** USER, GET, POST, FILES, COOKIES and META. */
export function requestSections(request: HttpRequest): Section[] {
  const sections: Section[] = [];
  const user = userRow(request);
  if (user !== null) sections.push({ title: 'USER', rows: [user], note: '' });
  sections.push(
    // GET too, unlike Django: `?api_key=…` and `?token=…` are as secret in a URL as in a form.
    multiValueSection('GET', () => request.GET, true),
    multiValueSection('POST', () => request.POST, true),
    multiValueSection('FILES', () => request.FILES, false),
    cookieSection(request),
    metaSection(request),
  );
  return sections;
}

function userRow(request: HttpRequest): Row | null {
  // request.user is added by the auth middleware and throws when it is not installed.
  const user = safely(() => (request as unknown as { user?: unknown }).user, undefined);
  if (user === undefined) return null;
  const text = safely(() => String(user), '');
  return { name: 'user', value: text !== '' && text !== '[object Object]' ? text : formatValue(user) };
}

function multiValueSection(title: string, read: () => unknown, maskSecrets: boolean): Section {
  let entries: Array<[string, unknown[]]>;
  try {
    entries = entriesOf(read());
  } catch (error) {
    // e.g. POST after a body that was too large or malformed: say so, as the error may be why we are here.
    return { title, rows: null, note: `${title} could not be read: ${messageOf(error)}` };
  }
  const rows = entries.map(([name, values]): Row => {
    if (maskSecrets && HIDDEN_NAMES.test(name)) return { name, value: formatValue(MASK) };
    const shown = values.map(describeItem);
    return { name, value: shown.length === 1 ? formatValue(shown[0]) : formatValue(shown) };
  });
  return rows.length > 0 ? { title, rows, note: '' } : { title, rows: null, note: `No ${title} data` };
}

/** [name, values] pairs from a QueryDict or MultiValueDict, or from a plain object. */
function entriesOf(source: unknown): Array<[string, unknown[]]> {
  if (source === null || typeof source !== 'object') return [];
  const lists = (source as { lists?: unknown }).lists;
  if (typeof lists === 'function') {
    const result = lists.call(source) as Iterable<[unknown, unknown]>;
    return [...result].map(([k, v]) => [String(k), Array.isArray(v) ? v : [v]]);
  }
  return Object.entries(source).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]);
}

/** Uploaded files show as `<UploadedFile: a.txt (text/plain)>`, not as their bytes; strings lose URL passwords. */
function describeItem(item: unknown): unknown {
  if (typeof item === 'string') return maskSecretsInText(item);
  if (item === null || typeof item !== 'object') return item;
  const file = item as { name?: unknown; contentType?: unknown; size?: unknown };
  if (typeof file.name !== 'string') return item;
  const type = typeof file.contentType === 'string' ? ` (${file.contentType})` : '';
  return `<${safely(() => item.constructor.name, 'File')}: ${file.name}${type}>`;
}

function cookieSection(request: HttpRequest): Section {
  const cookies = safely(() => request.COOKIES, {} as Readonly<Record<string, string>>);
  const secret = secretCookieNames();
  const rows = Object.keys(cookies).sort().map((name): Row => ({
    name,
    value: formatValue(HIDDEN_NAMES.test(name) || secret.has(name) ? MASK : maskSecretsInText(cookies[name] ?? '')),
  }));
  return rows.length > 0 ? { title: 'COOKIES', rows, note: '' } : { title: 'COOKIES', rows: null, note: 'No cookie data' };
}

/** The session cookie is a login: its name ('sessionid') looks harmless but its value is not. */
function secretCookieNames(): Set<string> {
  const s = safely(() => getSettings(), null);
  const names = new Set(['sessionid', 'csrftoken']);
  if (s !== null) {
    names.add(s.SESSION_COOKIE_NAME);
    names.add(s.CSRF_COOKIE_NAME);
  }
  return names;
}

function metaSection(request: HttpRequest): Section {
  const meta = safely(() => request.META, {} as Record<string, string>);
  const rows = Object.keys(meta).sort().map((name): Row => ({ name, value: formatSetting(name, meta[name]) }));
  return { title: 'META', rows, note: rows.length > 0 ? '' : 'No META data' };
}

/** Settings in name order, secrets masked. */
export function settingsSection(): Section {
  const s = safely(() => getSettings(), null);
  if (s === null) return { title: 'Settings', rows: null, note: 'Settings are not configured.' };
  const names = Object.keys(s).sort();
  return { title: 'Settings', rows: names.map((name) => ({ name, value: formatSetting(name, s[name]) })), note: '' };
}

/** An error's message; error-like objects (`{ message }`) count too, as thrown by some libraries. */
export function messageOf(error: unknown): string {
  return safely(() => {
    const message = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
    return typeof message === 'string' ? message : String(error);
  }, '(unprintable error)');
}
