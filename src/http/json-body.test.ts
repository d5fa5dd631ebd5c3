import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequest } from '../conf/errors.js';
import { InvalidJsonBody, JsonTooDeep } from './errors.js';
import { MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';

function nested(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

describe('parseJsonBody', () => {
  it('parses what JSON.parse parses, whatever its strings contain', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
      const text = JSON.stringify(value);
      expect(parseJsonBody(text, 8)).toEqual(JSON.parse(text));
    }));
  });

  it('takes nesting up to the limit and refuses one level more, with a 400', () => {
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    const error = (() => {
      try {
        parseJsonBody(nested(MAX_JSON_DEPTH + 1));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(JsonTooDeep);
    expect(error).toBeInstanceOf(BadRequest);
    expect((error as JsonTooDeep).code).toBe('E_JSON_TOO_DEEP');
    expect((error as JsonTooDeep).status).toBe(400);
  });

  it('counts objects and arrays alike', () => {
    expect(() => parseJsonBody('{"a":'.repeat(20) + '1' + '}'.repeat(20), 10)).toThrow(JsonTooDeep);
    expect(() => parseJsonBody('[{"a":'.repeat(10) + '1' + '}]'.repeat(10), 10)).toThrow(JsonTooDeep);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: `${'['.repeat(50)}\\"${'{'.repeat(50)}`, t: 'a\\', u: '"[[[[[[[[[[[[' });
    expect(parseJsonBody(text, 2)).toEqual(JSON.parse(text));
    expect(() => parseJsonBody(`["\\"", ${nested(5)}]`, 3)).toThrow(JsonTooDeep);
  });

  it('refuses a deep document in a long string of siblings, not only at the start', () => {
    const text = `[${'1,'.repeat(1000)}${nested(20)}]`;
    expect(() => parseJsonBody(text, 10)).toThrow(JsonTooDeep);
    expect(parseJsonBody(`[${'[],'.repeat(1000)}1]`, 2)).toHaveLength(1001);
  });

  it('turns invalid JSON into InvalidJsonBody (a BadRequest)', () => {
    expect(() => parseJsonBody('{"a":')).toThrow(InvalidJsonBody);
    expect(() => parseJsonBody('')).toThrow(BadRequest);
    expect(() => parseJsonBody(`[${'1,'.repeat(10)}1]]]`, 3)).toThrow(InvalidJsonBody);
  });

  it('refuses 100,000 levels quickly, before JSON.parse builds them', () => {
    const started = performance.now();
    expect(() => parseJsonBody(nested(100_000))).toThrow(JsonTooDeep);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
