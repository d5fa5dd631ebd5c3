/**
 * Turns a V8 stack string into frames a person can read, with the source lines around each
 * frame in the project's own files. We parse `error.stack` rather than install
 * Error.prepareStackTrace: that hook is global, and the stack is usually formatted already.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a frame's code lives: the project's files are the ones a developer can change. */
export type FrameKind = 'project' | 'library' | 'internal';

export interface SourceContext {
  /** Number of the first line in `lines`, counting from 1. */
  readonly firstLine: number;
  readonly lines: readonly string[];
}

export interface Frame {
  /** The function as V8 names it (`async handle`, `new Store`, `Object.<anonymous>`), or ''. */
  readonly fn: string;
  /** `file:line:column` as a path when it is a file, else what V8 printed (`node:internal/…`, `native`). */
  readonly location: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly kind: FrameKind;
  /** Source lines around `line`, for project files that could be read; else null. */
  readonly context: SourceContext | null;
}

/** Lines shown on each side of the frame's line. */
const CONTEXT_LINES = 2;
// Longer lines are minified or generated code: cut so one frame cannot swamp the page.
const MAX_LINE_LENGTH = 240;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_CACHED_FILES = 200;

/** The frames of `stack`, innermost first, as V8 prints them. Lines that are not frames are skipped. */
export function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const text of stack.split('\n')) {
    const frame = parseFrame(text);
    if (frame !== null) frames.push(frame);
  }
  return frames;
}

function parseFrame(text: string): Frame | null {
  const at = /^\s*at (.*)$/.exec(text);
  if (at === null) return null;
  const body = at[1]!.trim();
  // `fn (location)` or a bare `location`; the location may itself hold parentheses (eval frames).
  const named = /^(.*?) \((.*)\)$/.exec(body);
  // An anonymous async function prints as `at async file:///x.js:1:2`, with no parentheses.
  const bareAsync = named === null && body.startsWith('async ');
  const fn = named !== null ? named[1]! : bareAsync ? 'async' : '';
  const where = named !== null ? named[2]! : bareAsync ? body.slice('async '.length) : body;
  const position = /^(.*):(\d+):(\d+)$/.exec(where);
  const file = toPath(position === null ? where : position[1]!);
  const line = position === null ? null : Number(position[2]);
  const column = position === null ? null : Number(position[3]);
  const kind: FrameKind = file === null ? 'internal' : /[\\/]node_modules[\\/]/.test(file) ? 'library' : 'project';
  const location = file === null || line === null ? where : `${file}:${line}:${column}`;
  const context = kind === 'project' && file !== null && line !== null ? sourceContext(file, line) : null;
  return { fn, location, file, line, column, kind, context };
}

/** A file system path for a frame's file, or null for node: internals, `native`, `<anonymous>` and eval code. */
function toPath(where: string): string | null {
  if (where.startsWith('file://')) {
    try {
      return fileURLToPath(where);
    } catch {
      return null;
    }
  }
  return isAbsolute(where) ? where : null;
}

/** The lines around `line` of `file`, or null when it cannot be read. */
export function sourceContext(file: string, line: number): SourceContext | null {
  const lines = readLines(file);
  if (lines === null || line < 1 || line > lines.length) return null;
  const first = Math.max(1, line - CONTEXT_LINES);
  const last = Math.min(lines.length, line + CONTEXT_LINES);
  const shown = lines.slice(first - 1, last).map((l) => (l.length > MAX_LINE_LENGTH ? `${l.slice(0, MAX_LINE_LENGTH)}…` : l));
  return { firstLine: first, lines: shown };
}

interface CachedFile {
  readonly mtimeMs: number;
  readonly lines: readonly string[] | null;
}

// Source files by path. A deliberate cache, not shared state: an error page often shows the same
// files again, and the mtime check keeps it right while the developer edits them.
const files = new Map<string, CachedFile>();

function readLines(file: string): readonly string[] | null {
  let mtimeMs: number;
  let size: number;
  try {
    ({ mtimeMs, size } = statSync(file));
  } catch {
    return null;
  }
  const cached = files.get(file);
  if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.lines;
  let lines: readonly string[] | null = null;
  if (size <= MAX_FILE_BYTES) {
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      // Unreadable (permissions, a directory, removed since stat): show the frame without source.
    }
  }
  files.delete(file);
  if (files.size >= MAX_CACHED_FILES) files.delete(files.keys().next().value!);
  files.set(file, { mtimeMs, lines });
  return lines;
}
