/**
 * Small facts about JavaScript regex source, found by one scan that understands escapes and
 * character classes: how many groups capture, and whether a `^`-anchored regex can be run
 * sticky at an offset instead of on a sliced copy of the path.
 */

interface Token {
  /** The character, or the escaped character after a backslash. */
  readonly ch: string;
  readonly escaped: boolean;
  readonly inClass: boolean;
  readonly index: number;
}

function* tokens(source: string): Generator<Token> {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      yield { ch: source[i + 1] ?? '', escaped: true, inClass, index: i };
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      yield { ch, escaped: false, inClass: true, index: i };
      continue;
    }
    if (ch === '[') inClass = true;
    yield { ch, escaped: false, inClass: false, index: i };
  }
}

/** How many groups in `source` capture (plain and named groups; not `(?:`, lookarounds). */
export function countCapturingGroups(source: string): number {
  let count = 0;
  for (const t of tokens(source)) {
    if (t.escaped || t.inClass || t.ch !== '(') continue;
    if (source[t.index + 1] !== '?') count++;
    else if (source[t.index + 2] === '<' && source[t.index + 3] !== '=' && source[t.index + 3] !== '!') count++;
  }
  return count;
}

/**
 * For a regex of the form `^…` whose only anchor is that leading `^`, the source without it:
 * run with the sticky flag at `lastIndex = offset`, it matches exactly what the original matches
 * on `path.slice(offset)`, without the copy. Null when that is not certain: a multiline flag,
 * alternation at the top (where `^` binds one branch only), another `^`, a lookbehind or a word
 * boundary (which would see the characters before `offset`).
 */
export function stickySource(source: string, flags: string): string | null {
  if (!source.startsWith('^') || flags.includes('m')) return null;
  const body = source.slice(1);
  let depth = 0;
  for (const t of tokens(body)) {
    if (t.escaped) {
      if (!t.inClass && (t.ch === 'b' || t.ch === 'B')) return null;
      continue;
    }
    if (t.inClass) continue;
    if (t.ch === '^') return null;
    if (t.ch === '(') {
      depth++;
      if (body.startsWith('(?<=', t.index) || body.startsWith('(?<!', t.index)) return null;
    } else if (t.ch === ')') {
      depth--;
    } else if (t.ch === '|' && depth === 0) {
      return null;
    }
  }
  return body;
}
