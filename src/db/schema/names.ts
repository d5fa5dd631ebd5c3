import { createHash } from 'node:crypto';

/** Django's names_digest: the md5 of the parts, hex, cut to `length`. */
export function namesDigest(parts: readonly string[], length: number): string {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest('hex').slice(0, length);
}

/**
 * The name Django gives an index or constraint it makes: `<table>_<columns>_<hash><suffix>`,
 * shortened to fit `maxLength` the way Django does, so tables made by either match.
 *
 * @example
 * createIndexName('demo_book', ['title'], '_uniq', 63); // 'demo_book_title_5e2d1a3b_uniq'
 */
export function createIndexName(table: string, columns: readonly string[], suffix: string, maxLength: number): string {
  const bare = unqualified(table);
  let hashSuffix = `${namesDigest([bare, ...columns], 8)}${suffix}`;
  let name = `${bare}_${columns.join('_')}_${hashSuffix}`;
  if (name.length <= maxLength) return name;
  if (hashSuffix.length > maxLength / 3) hashSuffix = hashSuffix.slice(0, Math.floor(maxLength / 3));
  const otherLength = Math.floor((maxLength - hashSuffix.length) / 2) - 1;
  name = `${bare.slice(0, otherLength)}_${columns.join('_').slice(0, otherLength)}_${hashSuffix}`;
  // Some databases refuse names starting with an underscore or a digit.
  if (name.startsWith('_') || /^\d/.test(name)) name = `D${name.slice(0, -1)}`;
  return name;
}

/**
 * The name Django's Index gives itself from its model when none is set:
 * `<table[:11]>_<first column[:7]>_<hash6>_idx`; `-column` means descending.
 */
export function indexNameForModel(table: string, columnsWithOrder: readonly string[], suffix = 'idx'): string {
  const bare = unqualified(table);
  const first = (columnsWithOrder[0] ?? '').replace(/^-/, '');
  let name = `${bare.slice(0, 11)}_${first.slice(0, 7)}_${namesDigest([bare, ...columnsWithOrder, suffix], 6)}_${suffix}`;
  if (name.startsWith('_') || /^\d/.test(name)) name = `D${name.slice(1)}`;
  return name;
}

/** The foreign-key constraint name: Django's `<table>_<column>_fk_<to_table>_<to_column>` with the hash. */
export function foreignKeyName(table: string, column: string, toTable: string, toColumn: string, maxLength: number): string {
  return createIndexName(table, [column], `_fk_${unqualified(toTable)}_${toColumn}`, maxLength);
}

// A table may be written schema-qualified ("schema"."table"); names use the table part only.
function unqualified(table: string): string {
  const match = /^"?[^".]+"?\."?([^".]+)"?$/.exec(table);
  return match?.[1] ?? table;
}
