import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalEscape, escape, escapeHtml, isSafe, markSafe, SafeString, unescapeHtml } from './safe.js';

describe('escapeHtml()', () => {
  it("escapes & < > \" ' as Django's escape() does", () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#x27;y&#x27;&lt;/script&gt;');
  });

  it('escapes an ampersand even when it already starts an entity (escape is not idempotent)', () => {
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('leaves text without special characters as it is', () => {
    expect(escapeHtml('plain text, ünïcode ✓')).toBe('plain text, ünïcode ✓');
  });
});

describe('safe strings', () => {
  it('escape() always escapes, even text marked safe (force_escape)', () => {
    expect(String(escape(markSafe('<b>')))).toBe('&lt;b&gt;');
  });

  it('conditionalEscape() leaves safe text alone and escapes the rest', () => {
    const safe = markSafe('<b>');
    expect(conditionalEscape(safe)).toBe(safe);
    expect(String(conditionalEscape('<b>'))).toBe('&lt;b&gt;');
    expect(isSafe(conditionalEscape('<b>'))).toBe(true);
  });

  it('markSafe() of null is empty, of a SafeString the same object', () => {
    expect(String(markSafe(null))).toBe('');
    const s = new SafeString('x');
    expect(markSafe(s)).toBe(s);
    expect(JSON.stringify({ s })).toBe('{"s":"x"}');
  });
});

const hostile = fc.string({ unit: fc.constantFrom('&', '<', '>', '"', "'", ';', '#', 'x', '2', '7', 'a', 'm', 'p', 'l', 't', 'g', 'q', 'u', 'o', ' ') });
const anyText = fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

describe('escapeHtml() properties', () => {
  it('never leaves a raw < > " \' or an & that does not start an entity, and unescapes back to the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const html = escapeHtml(text);
        expect(html).not.toMatch(/[<>"']/);
        expect(html).not.toMatch(/&(?!(?:amp|lt|gt|quot|#x27);)/);
        expect(unescapeHtml(html)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
