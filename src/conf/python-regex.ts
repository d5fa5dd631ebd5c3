/**
 * Translates the Python regex syntax found in Django URLconfs into JavaScript's, so that
 * `rePath('^(?P<year>[0-9]{4})/$', …)` can be pasted from a urls.py unchanged.
 */
import { ImproperlyConfigured } from './errors.js';

export interface JsRegex {
  readonly source: string;
  readonly flags: string;
}

// Python's global inline flags and what they become. `a`/`u` only choose ASCII or Unicode
// classes, which JavaScript decides by itself (ASCII without the `u` flag).
const INLINE_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's', a: '', u: '' };

/**
 * `(?P<name>…)` → `(?<name>…)`, `(?P=name)` → `\k<name>`, `\A` → `^`, `\Z` → `$`, `(?#…)` comments
 * dropped, leading `(?ims)` → flags. Everything else is assumed to mean the same in both. Where
 * it does not: `\d`, `\w`, `\s` and `\b` are ASCII-only in JavaScript (Unicode in Python), which
 * is what Django recommends anyway (`[0-9]`, not `\d`).
 *
 * @example
 * pythonToJs('(?i)^(?P<slug>[a-z-]+)/\\Z'); // { source: '^(?<slug>[a-z-]+)/$', flags: 'i' }
 */
export function pythonToJs(regex: string): JsRegex {
  let flags = '';
  let i = 0;
  let leading: RegExpExecArray | null;
  while ((leading = /^\(\?([a-zA-Z]+)\)/.exec(regex.slice(i))) !== null) {
    for (const f of leading[1]!) {
      const js = INLINE_FLAGS[f];
      if (js === undefined) throw unsupported(regex, `the inline flag '${f}'`);
      if (!flags.includes(js)) flags += js;
    }
    i += leading[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < regex.length) {
    const ch = regex[i]!;
    if (ch === '\\') {
      const next = regex[i + 1] ?? '';
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && (next === 'Z' || next === 'z')) out += '$';
      else out += ch + next;
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // In Python a ']' first in a class is a literal; in JavaScript it would close the class.
      if (regex[i + 1] === '^' && regex[i + 2] === ']') {
        out += '^\\]';
        i += 3;
        continue;
      }
      if (regex[i + 1] === ']') {
        out += '\\]';
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    if (ch === '(' && regex[i + 1] === '?') {
      const rest = regex.slice(i);
      const named = /^\(\?P<([^>]*)>/.exec(rest);
      if (named !== null) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
        continue;
      }
      const backref = /^\(\?P=([^)]*)\)/.exec(rest);
      if (backref !== null) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length;
        continue;
      }
      if (rest.startsWith('(?#')) {
        const close = regex.indexOf(')', i);
        i = close < 0 ? regex.length : close + 1;
        continue;
      }
      if (/^\(\?[a-zA-Z-]+[:)]/.test(rest)) throw unsupported(regex, 'inline flags other than at the start');
    }
    out += ch;
    i++;
  }
  return { source: out, flags };
}

function unsupported(regex: string, what: string): ImproperlyConfigured {
  return new ImproperlyConfigured(
    `"${regex}" uses ${what}, which Canter cannot translate to a JavaScript RegExp: pass a RegExp with flags instead.`,
  );
}
