import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { pythonStrip } from './python-text.js';

/**
 * Reads a password list in Django's format: one password per line, plain text or gzip (told
 * apart by the gzip magic bytes, as Django tries gzip first), UTF-8. Each line is stripped and
 * lower-cased. Lines end at `\n`, `\r\n` or `\r`, as Python's text mode reads them; a blank line
 * adds the empty password, as in Django.
 */
export function readPasswordList(path: string): ReadonlySet<string> {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split(/\r\n|\r|\n/);
  // The newline ending the last line does not start another (Python's line iteration).
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return toPasswordSet(lines);
}

function toPasswordSet(passwords: Iterable<string>): ReadonlySet<string> {
  const set = new Set<string>();
  for (const password of passwords) set.add(pythonStrip(password.toLowerCase()));
  return set;
}

let builtIn: ReadonlySet<string> | undefined;

/**
 * The list CommonPasswordValidator uses by default: the common passwords of
 * @zxcvbn-ts/language-common (about 49,000, most common first, from leaked-password corpora).
 * Loaded at first use, once per process; it takes about a tenth of a second.
 */
export function builtInPasswordList(): ReadonlySet<string> {
  if (builtIn === undefined) {
    const require = createRequire(import.meta.url);
    const common = require('@zxcvbn-ts/language-common') as { dictionary: Readonly<Record<string, readonly string[]>> };
    const passwords = common.dictionary['passwords-common'];
    if (passwords === undefined) throw new Error("@zxcvbn-ts/language-common has no 'passwords-common' dictionary; reinstall the version in package-lock.json.");
    builtIn = toPasswordSet(passwords);
  }
  return builtIn;
}
