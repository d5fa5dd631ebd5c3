import { Drop } from 'liquidjs';

/**
 * HTML escaping as Django's django.utils.html has it. Text is escaped when it is written into a
 * template unless it is a SafeString: markSafe() (the `safe` filter) says "this is HTML already".
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;

/**
 * Text that is already HTML: written out as it is, never escaped again. A Liquid Drop, so that
 * comparisons and filters see its text; a filter that changes the text returns a plain string,
 * which is escaped (as Django's filters that are not `is_safe` do).
 */
export class SafeString extends Drop {
  readonly #html: string;

  constructor(html: string) {
    super();
    this.#html = html;
  }

  override valueOf(): string {
    return this.#html;
  }

  override toString(): string {
    return this.#html;
  }

  toJSON(): string {
    return this.#html;
  }

  get length(): number {
    return this.#html.length;
  }

  /** `{{ s.size }}` in a template, as for a string. */
  override liquidMethodMissing(key: string | number): unknown {
    return key === 'size' ? this.#html.length : undefined;
  }
}

/** True for text marked safe. */
export function isSafe(value: unknown): value is SafeString {
  return value instanceof SafeString;
}

/**
 * Marks text as safe HTML (Django's mark_safe). Only for text you built or trust: marking user
 * input safe is how cross-site scripting gets in.
 *
 * @example render(request, 'page.html', { banner: markSafe('<b>Sale</b>') })
 */
export function markSafe(html: unknown): SafeString {
  return html instanceof SafeString ? html : new SafeString(String(html ?? ''));
}

/**
 * Escapes `& < > " '` to `&amp; &lt; &gt; &quot; &#x27;`, exactly as Django's escape(). Plain
 * text in, plain text out; see escape() for the template-level version.
 *
 * @example escapeHtml('<a href="x">') // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]!) : text;
}

const ENTITY = /&(?:amp|lt|gt|quot|#x27|#39|#34);/g;
const UNESCAPES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#34;': '"',
};

/** Undoes escapeHtml() (and the `&#39;`/`&#34;` spellings other escapers use). */
export function unescapeHtml(html: string): string {
  return html.includes('&') ? html.replace(ENTITY, (e) => UNESCAPES[e]!) : html;
}

/**
 * Escapes a value and marks the result safe (Django's escape(), which always escapes, even text
 * already marked safe; the `force_escape` filter).
 */
export function escape(value: unknown): SafeString {
  return new SafeString(escapeHtml(textOf(value)));
}

/**
 * Escapes a value unless it is marked safe (Django's conditional_escape; what autoescaping does
 * to every `{{ value }}`, and the `escape` filter).
 */
export function conditionalEscape(value: unknown): SafeString {
  return value instanceof SafeString ? value : new SafeString(escapeHtml(textOf(value)));
}

/** How a value prints in a template: null and undefined print nothing, arrays their items. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(textOf).join('');
  return String(value);
}
