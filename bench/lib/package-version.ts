import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** A package's installed version, from the package.json above its main file (some packages do not export it). */
export function packageVersion(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { name?: string; version: string };
      if (manifest.name === pkg) return manifest.version;
    } catch {
      // no package.json here: go up
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
