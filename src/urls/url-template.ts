/**
 * Turning a URL regex back into fill-in-the-blanks templates for reverse(), by Django's rules
 * (its regex_helper.normalize): every capturing group is a blank; a repeated item is written its
 * minimum number of times; an optional group holding a blank yields a template with and one
 * without it; a class or `.` stands for one arbitrary character of its kind. Alternation,
 * lookarounds and numbered back-references cannot be reversed: such a regex yields no template.
 * The templates are checked against the real regexes before use, so "arbitrary" is safe.
 */

/** `literals[0] + value(slots[0]) + literals[1] + …`; `params` is what the caller must supply. */
export interface Template {
  readonly literals: readonly string[];
  readonly slots: readonly string[];
  /** Named groups by name, unnamed ones as `_0`, `_1`, … in the order they appear. */
  readonly params: readonly string[];
}

/** More templates than anyone writes on purpose; the rest are dropped rather than exhaust memory. */
const MAX_TEMPLATES = 256;

type Item = string | Blank | Sequence | Choice;
interface Blank { readonly kind: 'blank'; readonly name: string; readonly declares: boolean }
interface Sequence { readonly kind: 'seq'; readonly items: readonly Item[] }
interface Choice { readonly kind: 'choice'; readonly options: readonly (Item | null)[] }

class NotReversible extends Error {}

interface Cursor {
  readonly src: string;
  i: number;
  positional: number;
  /** An unescaped '$' was seen: Django stops reading the pattern there. */
  done: boolean;
}

/**
 * The templates for a regex source.
 *
 * @example
 * templatesOf('^blog/(?<year>[0-9]+)/(?:page-(?<page>[0-9]+)/)?$');
 * // [{ literals: ['blog/', '/'], slots: ['year'], params: ['year'] },
 * //  { literals: ['blog/', '/page-', '/'], slots: ['year', 'page'], params: ['year', 'page'] }]
 */
export function templatesOf(source: string): Template[] {
  try {
    const cursor: Cursor = { src: source, i: 0, positional: 0, done: false };
    const items = parseSequence(cursor, false);
    return flatten(items).slice(0, MAX_TEMPLATES);
  } catch (error) {
    if (error instanceof NotReversible) return [];
    throw error;
  }
}

/** Fills a template's blanks with the texts given by name. */
export function renderTemplate(template: Template, texts: Readonly<Record<string, string>>): string {
  let out = template.literals[0]!;
  for (let i = 0; i < template.slots.length; i++) out += texts[template.slots[i]!]! + template.literals[i + 1]!;
  return out;
}

function parseSequence(c: Cursor, inGroup: boolean): Item[] {
  const items: Item[] = [];
  const src = c.src;
  while (c.i < src.length && !c.done) {
    const ch = src[c.i]!;
    if (ch === '\\') {
      const item = parseEscape(c, false);
      if (item !== null) items.push(item);
    } else if (ch === '|') {
      throw new NotReversible();
    } else if (ch === '^') {
      c.i++;
    } else if (ch === '$') {
      c.done = true;
    } else if (ch === ')') {
      if (!inGroup) throw new NotReversible();
      c.i++;
      return items;
    } else if (ch === '[') {
      items.push(parseClass(c));
    } else if (ch === '(') {
      items.push(parseGroup(c));
    } else if (ch === '*' || ch === '+' || ch === '?') {
      c.i++;
      if (src[c.i] === '?') c.i++;
      quantify(items, ch === '+' ? 1 : 0);
    } else if (ch === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(c.i))) {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(c.i))!;
      c.i += m[0].length;
      if (src[c.i] === '?') c.i++;
      quantify(items, Number(m[1]));
    } else {
      items.push(ch);
      c.i++;
    }
  }
  if (inGroup && !c.done) throw new NotReversible();
  return items;
}

function parseGroup(c: Cursor): Item {
  const rest = c.src.slice(c.i, c.i + 4);
  if (rest.startsWith('(?:')) {
    c.i += 3;
    return { kind: 'seq', items: parseSequence(c, true) };
  }
  if (rest.startsWith('(?<') && rest[3] !== '=' && rest[3] !== '!') {
    const close = c.src.indexOf('>', c.i);
    if (close < 0) throw new NotReversible();
    const name = c.src.slice(c.i + 3, close);
    c.i = close + 1;
    skipGroupBody(c);
    return { kind: 'blank', name, declares: true };
  }
  if (rest.startsWith('(?')) throw new NotReversible();
  c.i++;
  const name = `_${c.positional++}`;
  skipGroupBody(c);
  return { kind: 'blank', name, declares: true };
}

/** Moves past a capturing group's body and its ')': what it matches is the caller's value. */
function skipGroupBody(c: Cursor): void {
  let depth = 0;
  const src = c.src;
  while (c.i < src.length) {
    const ch = src[c.i]!;
    if (ch === '\\') c.i += 2;
    else if (ch === '[') skipClass(c);
    else {
      c.i++;
      if (ch === '(') depth++;
      else if (ch === ')' && depth-- === 0) return;
    }
  }
  throw new NotReversible();
}

function skipClass(c: Cursor): void {
  const src = c.src;
  c.i++;
  // In JavaScript a ']' right after '[' (or '[^') closes the class: '[]' and '[^]' are complete.
  if (src[c.i] === '^') c.i++;
  while (c.i < src.length && src[c.i] !== ']') c.i += src[c.i] === '\\' ? 2 : 1;
  c.i++;
}

/** A class stands for its first member; a negated or empty one cannot be written out. */
function parseClass(c: Cursor): string {
  const src = c.src;
  c.i++;
  if (src[c.i] === '^' || src[c.i] === ']') throw new NotReversible();
  const first = src[c.i] === '\\' ? parseEscape(c, true) : src[c.i++];
  while (c.i < src.length && src[c.i] !== ']') c.i += src[c.i] === '\\' ? 2 : 1;
  if (c.i >= src.length || typeof first !== 'string') throw new NotReversible();
  c.i++;
  return first;
}

const REPRESENTATIVES: Readonly<Record<string, string>> = {
  d: '0', D: 'x', w: 'x', W: '!', s: ' ', S: 'x', n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0',
};

/** An escape outside or inside a class: a character, a back-reference blank, or nothing (`\b`). */
function parseEscape(c: Cursor, inClass: boolean): Item | null {
  const src = c.src;
  const next = src[c.i + 1];
  if (next === undefined) throw new NotReversible();
  c.i += 2;
  if (next === 'b') return inClass ? '\b' : null;
  if (next === 'B') return null;
  const representative = REPRESENTATIVES[next];
  if (representative !== undefined) return representative;
  if (next === 'k' && src[c.i] === '<') {
    const close = src.indexOf('>', c.i);
    if (close < 0) throw new NotReversible();
    const name = src.slice(c.i + 1, close);
    c.i = close + 1;
    return { kind: 'blank', name, declares: false };
  }
  const hex = next === 'x' ? /^[0-9a-fA-F]{2}/.exec(src.slice(c.i)) : next === 'u' ? /^[0-9a-fA-F]{4}/.exec(src.slice(c.i)) : null;
  if (hex !== null) {
    c.i += hex[0].length;
    return String.fromCharCode(parseInt(hex[0], 16));
  }
  if (/[1-9pPcu]/.test(next)) throw new NotReversible();
  return next;
}

/** Applies a quantifier with this minimum to the last item, by normalize()'s rules. */
function quantify(items: Item[], min: number): void {
  const last = items.pop();
  if (last === undefined) throw new NotReversible();
  if (min === 0) {
    if (hasBlank(last)) items.push({ kind: 'choice', options: [null, last] });
    return;
  }
  for (let k = 0; k < min; k++) items.push(last);
}

function hasBlank(item: Item): boolean {
  if (typeof item === 'string') return false;
  if (item.kind === 'blank') return true;
  if (item.kind === 'seq') return item.items.some(hasBlank);
  return item.options.some((o) => o !== null && hasBlank(o));
}

interface Partial {
  literals: string[];
  slots: string[];
  params: string[];
}

function flatten(items: readonly Item[]): Partial[] {
  let partials: Partial[] = [{ literals: [''], slots: [], params: [] }];
  for (const item of items) {
    if (typeof item === 'string') {
      for (const p of partials) p.literals[p.literals.length - 1] += item;
    } else if (item.kind === 'blank') {
      for (const p of partials) {
        p.slots.push(item.name);
        p.literals.push('');
        if (item.declares) p.params.push(item.name);
      }
    } else {
      const options = item.kind === 'seq' ? [flatten(item.items)] : item.options.map((o) => (o === null ? flatten([]) : flatten([o])));
      partials = cross(partials, options.flat());
    }
  }
  return partials;
}

function cross(left: readonly Partial[], right: readonly Partial[]): Partial[] {
  const out: Partial[] = [];
  for (const a of left) {
    for (const b of right) {
      if (out.length >= MAX_TEMPLATES) return out;
      const literals = [...a.literals];
      literals[literals.length - 1] += b.literals[0]!;
      out.push({ literals: [...literals, ...b.literals.slice(1)], slots: [...a.slots, ...b.slots], params: [...a.params, ...b.params] });
    }
  }
  return out;
}
