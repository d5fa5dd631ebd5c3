import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { AppConfig } from '../conf/apps.js';
import { installedApps } from '../conf/apps.js';
import type { TriedSource } from './errors.js';
import { TemplateDoesNotExist } from './errors.js';

/**
 * Where templates are looked for: the DIRS of a TEMPLATES entry, then (APP_DIRS) each installed
 * app's `templates/` directory in INSTALLED_APPS order, as Django's filesystem and
 * app_directories loaders search them.
 */

/** An app's `templates/` directory: beside its own files (`path`), else beside its migrations/. */
export function appTemplateDir(app: AppConfig): string | undefined {
  const base = app.path ?? (app.migrations === undefined ? undefined : dirname(app.migrations));
  return base === undefined ? undefined : join(base, 'templates');
}

/** The template directories of the installed apps that have one, in INSTALLED_APPS order. */
export function appTemplateDirs(): string[] {
  const dirs: string[] = [];
  for (const app of installedApps()) {
    const dir = appTemplateDir(app);
    if (dir !== undefined && isDirectory(dir)) dirs.push(dir);
  }
  return dirs;
}

/**
 * `base/name`, or undefined when the name would leave base ('../x', '/etc/passwd'): Django's
 * safe_join. Such a name may still be found in another directory, so it is not an error.
 */
export function safeJoin(base: string, name: string): string | undefined {
  if (name.includes('\0')) return undefined;
  const root = resolve(base);
  const full = resolve(root, name);
  const prefix = root.endsWith(sep) ? root : root + sep;
  return full.startsWith(prefix) ? full : undefined;
}

/** A template file that was found: its path and text. */
export interface FoundTemplate {
  readonly path: string;
  readonly source: string;
}

/**
 * Reads the first `dir/name` that exists.
 * @throws TemplateDoesNotExist listing every path tried.
 */
export async function findTemplateFile(name: string, dirs: readonly string[]): Promise<FoundTemplate> {
  const tried: TriedSource[] = [];
  for (const dir of dirs) {
    const path = safeJoin(dir, name);
    if (path === undefined) continue;
    try {
      return { path, source: await readFile(path, 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'ENOTDIR') throw error;
      tried.push({ path, reason: 'Source does not exist' });
    }
  }
  throw new TemplateDoesNotExist(name, { tried });
}

/** The absolute form of a DIRS entry (a path or a file: URL). */
export function absoluteDir(dir: string): string {
  return isAbsolute(dir) ? dir : resolve(dir);
}

function isDirectory(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
