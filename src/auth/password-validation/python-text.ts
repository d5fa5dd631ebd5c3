/*
 * The few string operations of Python that Django's validators rely on, with Python's meaning:
 * lengths count code points (an emoji is one character, as in `len()`), `strip()` removes what
 * `str.isspace()` calls whitespace, `\W` is "not a letter, number or underscore", and `isdigit()`
 * accepts superscripts and circled digits as well as decimal digits.
 */

/** Python's `len(s)`: code points, not UTF-16 units. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

// str.isspace(): Unicode White_Space, plus the four ASCII separators \x1c-\x1f; not U+FEFF,
// which JavaScript's trim() removes. All are single UTF-16 units.
// eslint-disable-next-line no-control-regex -- \x1c-\x1f are whitespace to Python
const SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Python's `s.strip()`; linear (a regex anchored at the end would be quadratic on long runs of spaces). */
export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's `re.split(r'\W+', s)`: the runs of letters, numbers and underscores, empty ends kept. */
export function splitOnNonWord(text: string): string[] {
  return text.split(/[^\p{L}\p{N}_]+/u);
}

// str.isdigit(): Unicode decimal digits, and the characters whose Numeric_Type is Digit
// (superscripts, subscripts, circled and parenthesised digits, …), which \p{Nd} leaves out.
const DIGITS =
  /^[\p{Nd}\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]+$/u;

/** Python's `s.isdigit()`: not empty, and every character a digit. */
export function isPythonDigit(text: string): boolean {
  return DIGITS.test(text);
}
