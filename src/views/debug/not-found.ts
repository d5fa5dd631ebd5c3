/**
 * The DEBUG 404 page: what was asked for, and the URL patterns the resolver tried, in order,
 * so a developer can see at a glance why their URL did not match.
 */
import { getSettings } from '../../conf/settings/index.js';
import type { HttpRequest } from '../../http/request.js';
import { escapeHtml, page, summaryTable } from './html.js';
import { messageOf, requestUrl, safely, viewName } from './request-info.js';
import type { Row } from './request-info.js';

export interface NotFoundReport {
  readonly path: string;
  readonly message: string;
  readonly summary: readonly Row[];
  /** Each pattern chain tried, outermost include first; null when the error carries none. */
  readonly tried: ReadonlyArray<readonly string[]> | null;
  /** True when a pattern matched and its view raised the 404: the last chain is the match. */
  readonly resolved: boolean;
  /** The path the patterns were tried against, without its leading '/' (as Django shows it). */
  readonly triedPath: string;
  readonly urlconf: string;
}

export function notFoundReport(request: HttpRequest, error: unknown): NotFoundReport {
  const e = (error ?? {}) as { tried?: unknown; path?: unknown; urlconf?: unknown };
  const fromError = safely(() => e.tried, undefined);
  // A view's Http404 carries no `tried`; a resolver match that kept its own still tells the story.
  const fromMatch = fromError === undefined
    ? safely(() => (request.resolverMatch as { tried?: unknown } | null)?.tried, undefined)
    : undefined;
  const raw = fromError ?? fromMatch;
  const raisedBy = viewName(request);
  const summary: Row[] = [
    { name: 'Request Method', value: request.method },
    { name: 'Request URL', value: requestUrl(request) },
  ];
  if (raisedBy !== null) summary.push({ name: 'Raised by', value: raisedBy });
  const errorPath = safely(() => e.path, undefined);
  return {
    path: request.path,
    message: messageOf(error),
    summary,
    tried: Array.isArray(raw) ? raw.map(chainStrings) : null,
    resolved: fromError === undefined && fromMatch !== undefined,
    triedPath: typeof errorPath === 'string' ? errorPath : request.pathInfo.replace(/^\//, ''),
    urlconf: urlconfName(e.urlconf),
  };
}

/** One entry of `tried`: a chain of patterns (or one pattern) as the strings a person wrote. */
function chainStrings(entry: unknown): string[] {
  const chain: unknown[] = Array.isArray(entry) ? entry : [entry];
  return chain.map((p, i) => patternText(p) + (i === chain.length - 1 ? nameSuffix(p) : ''));
}

/**
 * The route of a pattern, whatever shape the resolver gives: a string, `{ route }`,
 * `{ pattern: { route } }`, `{ pattern: 'x' }`, a regex, or anything with its own toString().
 */
function patternText(p: unknown): string {
  return safely(() => {
    if (typeof p === 'string') return p;
    if (p instanceof RegExp) return p.source;
    if (p !== null && typeof p === 'object') {
      const o = p as { route?: unknown; pattern?: unknown; regex?: unknown };
      if (typeof o.route === 'string') return o.route;
      if (o.pattern !== undefined && o.pattern !== p) return patternText(o.pattern);
      if (o.regex instanceof RegExp) return o.regex.source;
    }
    return String(p);
  }, '(unprintable pattern)');
}

function nameSuffix(p: unknown): string {
  const name = safely(() => (p !== null && typeof p === 'object' ? (p as { name?: unknown }).name : undefined), undefined);
  return typeof name === 'string' && name !== '' ? ` [name='${name}']` : '';
}

/** Django names the URLconf's module; ours is an object, so use a name it offers, else the setting. */
function urlconfName(fromError: unknown): string {
  if (typeof fromError === 'string') return fromError;
  const conf = safely(() => getSettings().ROOT_URLCONF as unknown, null);
  const name = safely(() => (conf !== null && typeof conf === 'object' ? (conf as { name?: unknown }).name : undefined), undefined);
  return typeof name === 'string' && name !== '' ? name : 'ROOT_URLCONF';
}

/** The sentence after the list, as Django words it. */
export function currentPathSentence(report: NotFoundReport, code: (s: string) => string): string {
  const subject = report.triedPath === '' ? 'The empty path' : `The current path, ${code(report.triedPath)},`;
  return `${subject} ${report.resolved ? 'matched the last one.' : "didn't match any of these."}`;
}

export function notFoundHtml(report: NotFoundReport): string {
  const header =
    '<header class="not-found">\n<h1>Page not found <small>(404)</small></h1>\n' +
    `<pre class="value">${escapeHtml(report.message)}</pre>\n${summaryTable(report.summary)}\n</header>`;
  const code = (s: string): string => `<code>${escapeHtml(s)}</code>`;
  let body: string;
  if (report.tried === null) {
    body = '<p class="note">No URL patterns were reported with this error.</p>';
  } else if (report.tried.length === 0) {
    body = `<p>The URLconf defined in ${code(report.urlconf)} has no URL patterns, so nothing can match.</p>`;
  } else {
    const items = report.tried.map((chain) => `<li>${chain.map(code).join('')}</li>`).join('\n');
    body =
      `<p>Using the URLconf defined in ${code(report.urlconf)}, Canter tried these URL patterns, in this order:</p>\n` +
      `<ol class="tried">\n${items}\n</ol>\n<p>${currentPathSentence(report, code)}</p>`;
  }
  const footer =
    "You're seeing this error because you have <code>DEBUG = true</code> in your settings. Change that to " +
    '<code>false</code>, and Canter will display a standard 404 page.';
  return page(`Page not found at ${report.path}`, header, [`<section id="info">\n${body}\n</section>`], footer);
}
