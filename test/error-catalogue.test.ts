/**
 * docs/errors.md lists every error code declared in src/, and only those (Fastify's errors test):
 * each row names the class that declares the code, sits under its subsystem's heading, and gives
 * the status a request gets when the error reaches the handler.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Handler } from '../src/core/handler.js';
import { configureLogging } from '../src/conf/log.js';
import { configureSettings, defineSettings } from '../src/conf/settings/index.js';
import { RequestFactory } from '../src/testing/index.js';
import { path } from '../src/urls/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const CATALOGUE = 'docs/errors.md';

interface Declared {
  code: string;
  className: string;
  file: string;
  subsystem: string;
}

interface Row {
  code: string;
  className: string;
  status: string;
  section: string;
  line: number;
}

/** Statuses not given by the handler: the error is caught, and answered, before it gets there. */
const ANSWERED_BEFORE_THE_HANDLER: Record<string, string> = {
  E_CSRF_REJECTED: "CsrfViewMiddleware catches it and answers with CSRF_FAILURE_VIEW's 403",
};

/** The declaration the catalogue understands; a `code` line of any other shape is reported. */
const CODE_LINE = /^\s+(?:override\s+)?readonly code: string = '(E_[A-Z0-9_]+)';$/;
/** Any other way of giving a class a code: a member declaration or `this.code = …`. */
const CODE_LIKE = /^\s*(?:(?:override|readonly|public|protected|static|declare)\s+)*code\s*[?!]?\s*[:=]|\bthis\.code\s*=/;
const CLASS_LINE = /^(?:export\s+)?(?:abstract\s+)?class\s+(\w+)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** src/db/migrations/… is the migrations subsystem; otherwise the folder under src/. */
function subsystemOf(file: string): string {
  const [first = '', second] = file.split('/').slice(1);
  return first === 'db' && second === 'migrations' ? 'migrations' : first;
}

function scanSource(): { declared: Declared[]; problems: string[] } {
  const declared: Declared[] = [];
  const problems: string[] = [];
  for (const full of sourceFiles(join(root, 'src'))) {
    const file = relative(root, full).split(sep).join('/');
    let className: string | undefined;
    readFileSync(full, 'utf8').split('\n').forEach((text, i) => {
      className = CLASS_LINE.exec(text)?.[1] ?? className;
      const match = CODE_LINE.exec(text);
      if (match !== null && className !== undefined) {
        declared.push({ code: match[1]!, className, file, subsystem: subsystemOf(file) });
      } else if (CODE_LIKE.test(text) && /['"`]E_[A-Z]/.test(text)) {
        problems.push(`${file}:${i + 1}: a code declared as \`${text.trim()}\`; write \`readonly code: string = 'E_…';\` inside its class`);
      }
    });
  }
  return { declared, problems };
}

/** Splits a table row on the pipes that are not escaped (`\|`). */
function cells(text: string): string[] {
  return text.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

function readCatalogue(): { rows: Row[]; problems: string[] } {
  const rows: Row[] = [];
  const problems: string[] = [];
  let section = '';
  readFileSync(join(root, CATALOGUE), 'utf8').split('\n').forEach((text, i) => {
    const line = i + 1;
    const heading = /^## (\S+)/.exec(text);
    if (heading !== null) section = heading[1]!.toLowerCase();
    if (!text.startsWith('|') || /^\|\s*(code|-)/.test(text)) return;
    const [code = '', className = '', status = '', meaning = '', fix = '', ...extra] = cells(text);
    const codeMatch = /^`(E_[A-Z0-9_]+)`$/.exec(code);
    const classMatch = /^`(\w+)`$/.exec(className);
    if (codeMatch === null || classMatch === null || extra.length > 0) {
      problems.push(`${CATALOGUE}:${line}: not a row of five cells | \`E_CODE\` | \`ClassName\` | status | meaning | how to fix |`);
      return;
    }
    if (!/^(\d{3}|—)$/.test(status)) problems.push(`${CATALOGUE}:${line}: ${codeMatch[1]}'s status is '${status}'; write a status code, or — for an error never raised while serving a request`);
    if (meaning === '' || fix === '') problems.push(`${CATALOGUE}:${line}: ${codeMatch[1]} needs both a meaning and how to fix it`);
    rows.push({ code: codeMatch[1]!, className: classMatch[1]!, status, section, line });
  });
  return { rows, problems };
}

function duplicates(codes: readonly string[]): string[] {
  return [...new Set(codes.filter((code, i) => codes.indexOf(code) !== i))];
}

const source = scanSource();
const catalogue = readCatalogue();
const rowOf = new Map(catalogue.rows.map((row) => [row.code, row]));
const declarationOf = new Map(source.declared.map((d) => [d.code, d]));

describe(`the error catalogue (${CATALOGUE})`, () => {
  it('finds the codes in src/ and the rows in the catalogue, all in the shape it reads', () => {
    expect(source.declared.length).toBeGreaterThan(60);
    expect([...source.problems, ...catalogue.problems]).toStrictEqual([]);
  });

  it('has a row for every code declared in src/', () => {
    const missing = source.declared
      .filter((d) => !rowOf.has(d.code))
      .map((d) => `${d.code} (class ${d.className}, ${d.file}) has no row in ${CATALOGUE}: add one to its '## ${d.subsystem}' table`);
    expect(missing).toStrictEqual([]);
  });

  it('lists only codes that some class in src/ declares', () => {
    const unknown = catalogue.rows
      .filter((row) => !declarationOf.has(row.code))
      .map((row) => `${row.code} (${CATALOGUE}:${row.line}) is declared by no class in src/: remove the row, or fix its spelling`);
    expect(unknown).toStrictEqual([]);
  });

  it('gives each code once, in src/ and in the catalogue', () => {
    const inSource = duplicates(source.declared.map((d) => d.code)).map(
      (code) => `${code} is declared by ${source.declared.filter((d) => d.code === code).map((d) => `${d.className} (${d.file})`).join(' and ')}`,
    );
    const inDocs = duplicates(catalogue.rows.map((r) => r.code)).map(
      (code) => `${code} has several rows in ${CATALOGUE} (lines ${catalogue.rows.filter((r) => r.code === code).map((r) => r.line).join(', ')})`,
    );
    expect([...inSource, ...inDocs]).toStrictEqual([]);
  });

  it("names, for each code, the class that declares it, under that class's subsystem heading", () => {
    const wrong = catalogue.rows.flatMap((row) => {
      const declared = declarationOf.get(row.code);
      if (declared === undefined) return [];
      const problems: string[] = [];
      if (declared.className !== row.className) {
        problems.push(`${row.code} (${CATALOGUE}:${row.line}) names class ${row.className}, but ${declared.className} declares it (${declared.file})`);
      }
      if (declared.subsystem !== row.section) {
        problems.push(`${row.code} (${CATALOGUE}:${row.line}) is under '## ${row.section}'; it belongs under '## ${declared.subsystem}' (${declared.file})`);
      }
      return problems;
    });
    expect(wrong).toStrictEqual([]);
  });
});

describe(`the error catalogue (${CATALOGUE}) against the running code`, () => {
  let current: unknown;
  const factory = new RequestFactory();
  let handler: Handler;

  beforeAll(() => {
    const settings = { SECRET_KEY: 'catalogue', ALLOWED_HOSTS: ['testserver'], DEBUG: false };
    configureSettings(defineSettings(settings));
    configureLogging({ level: 'silent' });
    handler = new Handler(defineSettings({
      ...settings,
      ROOT_URLCONF: {
        urlpatterns: [
          path('raise/', () => {
            throw current;
          }),
        ],
      },
    }));
  });

  /** The row's class, built as its module exports it. */
  async function instanceOf(declared: Declared): Promise<unknown> {
    const module = (await import(pathToFileURL(join(root, declared.file)).href)) as Record<string, unknown>;
    const Class = module[declared.className] as (new (message: string) => unknown) | undefined;
    if (typeof Class !== 'function') throw new Error(`${declared.file} does not export ${declared.className}`);
    return new Class('probe');
  }

  it('finds each class exported from its file, carrying its code at run time', async () => {
    const wrong: string[] = [];
    for (const declared of source.declared) {
      const error = (await instanceOf(declared)) as { code?: unknown };
      if (error.code !== declared.code) wrong.push(`new ${declared.className}().code is ${String(error.code)}, not ${declared.code}`);
    }
    expect(wrong).toStrictEqual([]);
  });

  it('gives the status the handler answers with when the error escapes a view', async () => {
    const wrong: string[] = [];
    for (const row of catalogue.rows) {
      const declared = declarationOf.get(row.code);
      if (declared === undefined || !/^\d{3}$/.test(row.status) || row.code in ANSWERED_BEFORE_THE_HANDLER) continue;
      current = await instanceOf(declared);
      const response = await handler.handle(factory.get('/raise/'));
      if (String(response.statusCode) !== row.status) {
        wrong.push(`${row.code} (${CATALOGUE}:${row.line}) says ${row.status}; a view that throws ${declared.className} gets ${response.statusCode}`);
      }
    }
    expect(wrong).toStrictEqual([]);
  });
});
