/**
 * Issue 12, item 4: the floors. Every import between two folders of src/ points down: a
 * subsystem may import the floors below it, never one above. conf (settings, errors, logging,
 * apps, checks) is the ground floor every subsystem stands on; core (the handler, the server,
 * management) is the top floor that puts them together; testing stands on everything. The
 * order is docs/contributing.md's "The floors"; a new folder must be given a floor here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Each folder of src/ and its floor: an import must go to a lower floor (or stay in its folder). */
const FLOORS: Readonly<Record<string, number>> = {
  utils: 0,
  dispatch: 1,
  conf: 2,
  signing: 3,
  mail: 3,
  http: 4,
  urls: 5,
  db: 6,
  cache: 7,
  middleware: 8,
  sessions: 9,
  views: 9,
  csrf: 10,
  templates: 11,
  shortcuts: 12,
  auth: 13,
  core: 14,
  testing: 15,
  // src/index.ts and src/cli.ts: the package root re-exports and the command line.
  '.': 16,
};

/**
 * Type-only imports that point up, each with its reason. They vanish at run time, so they
 * cannot make a module load another above it; they are listed so none slips in unseen.
 */
const TYPE_ONLY_UP: Readonly<Record<string, string>> = {
  'src/conf/settings/types.ts -> middleware': 'the Settings type names the MIDDLEWARE entry type',
  'src/conf/settings/types.ts -> signing': 'the Settings type names the SESSION_SERIALIZER type',
  'src/conf/settings/types.ts -> urls': 'the Settings type names the ROOT_URLCONF type',
  'src/http/request.ts -> urls': "request.resolverMatch is typed with the URL resolver's ResolverMatch",
  'src/sessions/backends/engine-test-kit.ts -> testing': 'the engine test kit (used by tests only) names the test Client response type',
};

interface Arrow {
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const folderOf = (name: string): string => {
  const parts = name.split('/');
  return parts.length > 2 ? parts[1]! : '.';
};

function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  }
  const clause = node.importClause;
  if (clause === undefined) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function arrows(name: string): Arrow[] {
  const source = ts.createSourceFile(name, readFileSync(join(root, name), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Arrow[] = [];
  const add = (specifier: string, isTypeOnly: boolean, node: ts.Node): void => {
    if (!specifier.startsWith('.')) return;
    const target = posix.normalize(posix.join(posix.dirname(name), specifier));
    if (!target.startsWith('src/')) return;
    found.push({
      from: folderOf(name),
      to: folderOf(target.includes('/', 4) ? target : `${target}/`),
      typeOnly: isTypeOnly,
      line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, typeOnly(node), node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg !== undefined && ts.isStringLiteral(arg)) add(arg.text, false, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, true, node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((a) => a.from !== a.to);
}

const names = sourceFiles(join(root, 'src')).map((file) => relative(root, file).split(sep).join('/'));

describe('the floors: imports between folders of src/ point down', () => {
  it('every folder of src/ has a floor', () => {
    const folders = new Set(names.map(folderOf));
    expect([...folders].filter((f) => !Object.hasOwn(FLOORS, f)).sort()).toEqual([]);
    expect(Object.keys(FLOORS).filter((f) => !folders.has(f)).sort()).toEqual([]);
  });

  it('no module imports a folder on its own floor or above, but for the listed type-only imports', () => {
    const problems: string[] = [];
    for (const name of names) {
      for (const arrow of arrows(name)) {
        if (FLOORS[arrow.to]! < FLOORS[arrow.from]!) continue;
        if (arrow.typeOnly && Object.hasOwn(TYPE_ONLY_UP, `${name} -> ${arrow.to}`)) continue;
        problems.push(`${name}:${arrow.line} imports ${arrow.typeOnly ? 'types from ' : ''}${arrow.to} (floor ${FLOORS[arrow.to]}) from ${arrow.from} (floor ${FLOORS[arrow.from]})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every listed type-only exception is still needed', () => {
    const used = new Set(names.flatMap((name) => arrows(name).map((a) => `${name} -> ${a.to}`)));
    expect(Object.keys(TYPE_ONLY_UP).filter((key) => !used.has(key))).toEqual([]);
  });

  it('conf loads no other folder but utils and dispatch at run time (it is the ground floor)', () => {
    const up = names.filter((n) => folderOf(n) === 'conf').flatMap((name) =>
      arrows(name).filter((a) => !a.typeOnly && !['utils', 'dispatch'].includes(a.to)).map((a) => `${name}:${a.line} -> ${a.to}`));
    expect(up).toEqual([]);
  });
});
