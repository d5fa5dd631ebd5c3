/**
 * The similarity and text rules checked against Python itself: random strings go to
 * /usr/bin/python3 in one batch, and difflib's quick_ratio(), str.lower(), str.strip(),
 * str.isdigit(), re.split(r'\W+') and Django's length shortcut must give what ours give.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePointLength, isPythonDigit, pythonStrip, splitOnNonWord } from './python-text.js';
import { exceedsMaximumLengthRatio, quickRatio } from './quick-ratio.js';

const PYTHON = '/usr/bin/python3';

// Characters where Python and JavaScript could part ways: case mappings that change length
// (İ, ß), the final sigma, astral characters, combining marks (not word characters to Python),
// Python-only digits and whitespace, U+FEFF (whitespace to trim() only), CJK.
const ALPHABET = [
  ...'aAbBcClLtTeE019_-.@ ',
  'é', 'É', 'e\u0301', 'ß', 'ẞ', 'İ', 'ı', 'Σ', 'σ', 'ς', 'ǅ', 'ﬁ', '😀', '𝒜', '\u{10400}',
  '²', '③', '⑴', '٣', '\u00a0', '\u2003', '\u3000', '\x1c', '\x85', '\ufeff', '\t', '\n', '\0',
  '中', '文', 'Ⅻ', '½', '\u200b', '’',
];
const text = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 24 });

interface Case {
  a: string;
  b: string;
  max: number;
}

function runPython(cases: readonly Case[]): unknown[] {
  const script = `
import difflib, json, re, sys
out = []
for c in json.load(sys.stdin):
    a, b, m = c['a'], c['b'], c['max']
    al, bl = a.lower(), b.lower()
    out.append({
        'ratio': difflib.SequenceMatcher(a=a, b=b).quick_ratio(),
        'lower': al, 'len': len(al),
        'strip': a.strip(), 'isdigit': a.isdigit(),
        'split': re.split(r'\\W+', bl),
        'exceeds': len(al) >= 10 * len(bl) and len(bl) < m / 2 * len(al),
    })
json.dump(out, sys.stdout)
`;
  const output = execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(output.toString('utf8')) as unknown[];
}

describe.skipIf(!existsSync(PYTHON))('parity with Python (needs /usr/bin/python3)', () => {
  it('quickRatio, lower-casing, strip, isdigit, \\W splitting and the length shortcut agree on random strings', () => {
    const cases: Case[] = fc.sample(fc.record({ a: text, b: text, max: fc.constantFrom(0.1, 0.3, 0.5, 0.7, 1) }), { numRuns: 3000, seed: 4242 });
    // Long against short, so the length shortcut is taken both ways.
    cases.push({ a: 'x'.repeat(200), b: 'xy', max: 0.7 }, { a: 'A'.repeat(100), b: 'A', max: 0.1 }, { a: '', b: '', max: 0.7 });
    const python = runPython(cases);
    const ours = cases.map(({ a, b, max }) => {
      const al = a.toLowerCase();
      const bl = b.toLowerCase();
      return {
        ratio: quickRatio(a, b),
        lower: al,
        len: codePointLength(al),
        strip: pythonStrip(a),
        isdigit: isPythonDigit(a),
        split: splitOnNonWord(bl),
        exceeds: exceedsMaximumLengthRatio(codePointLength(al), max, codePointLength(bl)),
      };
    });
    for (let i = 0; i < cases.length; i++) expect({ case: cases[i], ...ours[i] }).toEqual({ case: cases[i], ...(python[i] as object) });
  });

  it('quickRatio is exact on known values', () => {
    expect(quickRatio('testclient', 'testclient')).toBe(1);
    expect(quickRatio('', '')).toBe(1);
    expect(quickRatio('abc', '')).toBe(0);
    expect(quickRatio('A', 'A'.repeat(10))).toBeCloseTo(0.18181818181818182, 15);
  });
});
