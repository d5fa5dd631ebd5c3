import { describe, expect, it } from 'vitest';
import { parseContentType, pyStrip } from './parsing.js';

const params = (header: string) => ({ ...parseContentType(header).params });

describe('parseContentType', () => {
  it('lower-cases the media type and parameter names and finds the charset', () => {
    const parsed = parseContentType(' Text/HTML ; Charset=UTF-8 ');
    expect(parsed.mediaType).toBe('text/html');
    expect({ ...parsed.params }).toEqual({ charset: 'UTF-8' });
    expect(parsed.charset).toBe('utf-8');
  });

  it('unquotes quoted values, which may hold ; and escaped quotes', () => {
    expect(params('multipart/form-data; boundary="a;b \\"c\\""; x=1')).toEqual({ boundary: 'a;b "c"', x: '1' });
  });

  it('decodes RFC 2231 extended values', () => {
    expect(params("attachment; filename*=UTF-8''na%C3%AFve%20file.txt")).toEqual({ filename: 'naïve file.txt' });
    expect(params("attachment; filename*=iso-8859-1'en'%E9t%E9")).toEqual({ filename: 'été' });
    expect(params("attachment; filename*=UTF-8''bad%zz")).toEqual({ filename: "UTF-8''bad%zz" });
  });

  it('gives empty results for missing or empty headers and ignores parameters without =', () => {
    expect(parseContentType(undefined)).toEqual({ mediaType: '', params: {}, charset: null });
    expect(parseContentType('')).toMatchObject({ mediaType: '', charset: null });
    expect(params('text/plain; junk; a=1')).toEqual({ a: '1' });
  });

  it('keeps __proto__ as an ordinary parameter', () => {
    const parsed = parseContentType('text/plain; __proto__=x');
    expect(Object.getPrototypeOf(parsed.params)).toBeNull();
    expect(parsed.params['__proto__']).toBe('x');
  });
});

describe('pyStrip', () => {
  it('strips what Python strips and keeps what it keeps', () => {
    expect(pyStrip('\t\n\u000b\u000c\r\u001c\u001f \u0085\u00a0\u3000x y\u2028')).toBe('x y');
    expect(pyStrip('\uFEFFx\u200b')).toBe('\uFEFFx\u200b');
    expect(pyStrip('')).toBe('');
  });
});
