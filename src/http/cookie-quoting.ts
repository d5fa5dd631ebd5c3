/**
 * Python's http.cookies quoting rules (`_quote`, `_unquote`, `_is_legal_key`), which Django's
 * set_cookie and parse_cookie use. Matching them byte for byte lets Canter and Django read each
 * other's cookies.
 */

// Python's _LegalChars: a value made only of these is sent bare, and a name must be made of them.
const LEGAL = makeTable("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~:");
// Python's _UnescapedChars: inside quotes these stay as they are; other Latin-1 characters
// become backslash-octal escapes.
const UNESCAPED = makeTable(
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~: ()/<=>?@[]{}",
);

function makeTable(chars: string): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = 1;
  return table;
}

/** Whether `text` is a legal cookie name (Python's _is_legal_key): one or more legal characters. */
export function isLegalCookieKey(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff || LEGAL[c] !== 1) return false;
  }
  return true;
}

/**
 * Quotes a cookie value as Python's SimpleCookie does: a value of legal characters is sent as
 * it is; anything else is wrapped in double quotes with `"` and `\` backslash-escaped and other
 * characters outside the unescaped set written as `\ooo` octal, so CR, LF and ';' cannot escape.
 * Characters above U+00FF are left as they are, as Python leaves them.
 *
 * @example quoteCookieValue('a b;c'); // '"a b\\073c"'
 */
export function quoteCookieValue(value: string): string {
  if (isLegalCookieKey(value)) return value;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff || UNESCAPED[c] === 1) out += value[i];
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else out += '\\' + c.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/**
 * Reverses quoteCookieValue as Python's `_unquote` does: only a value wrapped in double quotes is
 * touched; inside, `\ooo` (first digit 0-3) is an octal character and `\x` is `x` for any x but
 * a newline. Never throws.
 *
 * @example unquoteCookieValue('"a b\\073c"'); // 'a b;c'
 */
export function unquoteCookieValue(value: string): string {
  if (value.length < 2 || value.charCodeAt(0) !== 0x22 || value.charCodeAt(value.length - 1) !== 0x22) {
    return value;
  }
  const inner = value.slice(1, -1);
  if (!inner.includes('\\')) return inner;
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch !== '\\' || i + 1 >= inner.length) {
      out += ch;
      continue;
    }
    const d0 = inner.charCodeAt(i + 1) - 0x30;
    const d1 = inner.charCodeAt(i + 2) - 0x30;
    const d2 = inner.charCodeAt(i + 3) - 0x30;
    if (d0 >= 0 && d0 <= 3 && d1 >= 0 && d1 <= 7 && d2 >= 0 && d2 <= 7) {
      out += String.fromCharCode(d0 * 64 + d1 * 8 + d2);
      i += 3;
    } else if (inner[i + 1] !== '\n') {
      // Python's pattern uses '.', which does not match a newline: '\' + LF stays as it is.
      out += inner[i + 1];
      i += 1;
    } else {
      out += ch;
    }
  }
  return out;
}
