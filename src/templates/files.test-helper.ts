import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temporary directory holding the given files (paths relative to it); remove() deletes it. */
export interface TempTree {
  readonly dir: string;
  write(files: Readonly<Record<string, string>>): Promise<void>;
  remove(): Promise<void>;
}

export async function tempTree(files: Readonly<Record<string, string>> = {}): Promise<TempTree> {
  const dir = await mkdtemp(join(tmpdir(), 'canter-templates-'));
  const write = async (more: Readonly<Record<string, string>>): Promise<void> => {
    for (const [name, text] of Object.entries(more)) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
  };
  await write(files);
  return { dir, write, remove: () => rm(dir, { recursive: true, force: true }) };
}
