/**
 * Everything the DEBUG error page shows, gathered once and rendered twice: as HTML for a
 * browser and as plain text for API clients and terminals.
 */
import { inspect, types } from 'node:util';
import type { HttpRequest } from '../../http/request.js';
import { requestSections, requestUrl, safely, settingsSection, viewName } from './request-info.js';
import type { Row, Section } from './request-info.js';
import { maskSecretsInText } from './mask-text.js';
import { parseStack } from './stack.js';
import type { Frame } from './stack.js';

/** One error of the chain: the one thrown, then each `cause` in turn. */
export interface ErrorInfo {
  readonly type: string;
  readonly message: string;
  /** A Canter error's stable code (`E_HTTP_404`), or a Node system error's (`ENOENT`). */
  readonly code: string | null;
  readonly frames: readonly Frame[];
  /** The stack exactly as V8 printed it, for copying into a bug report. */
  readonly stack: string;
}

export interface ErrorReport {
  readonly status: number;
  readonly path: string;
  readonly errors: readonly ErrorInfo[];
  /** The table at the top: method, URL, error type and value, where it happened. */
  readonly summary: readonly Row[];
  readonly request: readonly Section[];
  readonly settings: Section;
  readonly settingsModule: string | null;
}

// A cause chain longer than this is a loop in disguise, or not worth reading to the end.
const MAX_CAUSES = 10;

export function errorReport(request: HttpRequest, error: unknown, status: number): ErrorReport {
  const errors = errorChain(error);
  const first = errors[0]!;
  const where = first.frames.find((f) => f.kind === 'project') ?? first.frames[0];
  const raisedDuring = viewName(request);
  const summary: Row[] = [
    { name: 'Request Method', value: request.method },
    { name: 'Request URL', value: requestUrl(request) },
    { name: 'Node.js Version', value: process.version },
    { name: 'Exception Type', value: first.type },
    { name: 'Exception Value', value: first.message },
  ];
  if (first.code !== null) summary.push({ name: 'Error Code', value: first.code });
  if (where !== undefined) {
    summary.push({ name: 'Exception Location', value: where.fn === '' ? where.location : `${where.location}, in ${where.fn}` });
  }
  if (raisedDuring !== null) summary.push({ name: 'Raised during', value: raisedDuring });
  summary.push({ name: 'Server time', value: new Date().toString() });
  return {
    status,
    path: request.path,
    errors,
    summary,
    request: requestSections(request),
    settings: settingsSection(),
    settingsModule: process.env.CANTER_SETTINGS ?? null,
  };
}

/** The thrown value and its causes, each seen once. */
export function errorChain(error: unknown): ErrorInfo[] {
  const chain: ErrorInfo[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (chain.length <= MAX_CAUSES && !seen.has(current)) {
    seen.add(current);
    chain.push(describeError(current));
    if (!isErrorLike(current)) break;
    const cause = safely(() => (current as { cause?: unknown }).cause, undefined);
    if (cause === undefined) break;
    current = cause;
  }
  return chain;
}

function describeError(value: unknown): ErrorInfo {
  if (isErrorLike(value)) {
    const e = value as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
    // A driver's error often quotes the connection URL it failed on, password and all.
    const stack = maskSecretsInText(safely(() => (typeof e.stack === 'string' ? e.stack : ''), ''));
    return {
      type: safely(() => (typeof e.name === 'string' && e.name !== '' ? e.name : constructorName(value)), 'Error'),
      message: maskSecretsInText(safely(() => String(e.message ?? ''), '')),
      code: safely(() => (typeof e.code === 'string' ? e.code : null), null),
      frames: parseStack(stack).map(maskContext),
      stack,
    };
  }
  // `throw 'text'` or `throw { … }`: no stack to show, but the value itself may say enough.
  const type = value === null ? 'null' : typeof value === 'object' ? constructorName(value) : typeof value;
  const message = typeof value === 'string' ? value : safely(() => inspect(value, { depth: 3 }), '(unprintable value)');
  return { type, message: maskSecretsInText(message), code: null, frames: [], stack: '' };
}

/** The source lines around a frame, with URL passwords masked (a settings file may be the frame). */
function maskContext(frame: Frame): Frame {
  if (frame.context === null) return frame;
  return { ...frame, context: { ...frame.context, lines: frame.context.lines.map(maskSecretsInText) } };
}

/** Errors from other realms (vm, worker messages) fail `instanceof Error`, so also check the brand. */
function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

function constructorName(value: unknown): string {
  return safely(() => {
    const ctor: unknown = (value as { constructor?: unknown }).constructor;
    return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object';
  }, 'Object');
}
