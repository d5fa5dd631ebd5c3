/**
 * The few spellings where Django's template language and Liquid differ only in a word, rewritten
 * to Liquid's before parsing so that Django templates render unchanged. Lines are kept, so error
 * lines stay true; only a one-line comment shortens its own line:
 *
 * - `{# comment #}` (one line) is removed (Liquid would print it);
 * - `{% elif x %}` becomes `{%elsif x %}`;
 * - `{% empty %}` in a for loop becomes `{% else  %}`.
 */
const COMMENT = /\{#[^\n]*?#\}/g;
const ELIF = /\{%(-?)([ \t]+)elif(?=[\s%])/g;
const EMPTY = /\{%(-?)(\s*)empty(\s*)(-?)%\}/g;

export function fromDjangoSyntax(source: string): string {
  if (!source.includes('{')) return source;
  return source
    .replace(COMMENT, '')
    .replace(ELIF, (_m, dash: string, space: string) => `{%${dash}${space.slice(1)}elsif`)
    .replace(EMPTY, (_m, open: string, before: string, after: string, close: string) => `{%${open}${before}else ${after}${close}%}`);
}
