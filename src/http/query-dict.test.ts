import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TooManyFieldsSent } from '../conf/errors.js';
import { ImmutableQueryDictError } from './errors.js';
import { QueryDict } from './query-dict.js';
import { quote, unquotePlus } from './urlencoded.js';

const parse = (qs: string) => QueryDict.fromQueryString(qs);

describe('QueryDict.fromQueryString', () => {
  it('keeps repeated keys in order and reads the last one', () => {
    const q = parse('a=1&a=2&c=3');
    expect(q.getlist('a')).toEqual(['1', '2']);
    expect(q.get('a')).toBe('2');
    expect(q.get('c')).toBe('3');
  });

  it('splits on & only; ; is part of a value (Django 3.2+)', () => {
    expect([...parse('a=1;b=2&c=3').lists()]).toEqual([['a', ['1;b=2']], ['c', ['3']]]);
  });

  it('keeps blank values and gives fields without = the value ""', () => {
    expect([...parse('a=&b&=c&d=e=f').lists()]).toEqual([['a', ['']], ['b', ['']], ['', ['c']], ['d', ['e=f']]]);
  });

  it('skips empty fields', () => {
    expect([...parse('&&a=1&&').lists()]).toEqual([['a', ['1']]]);
    expect(parse('').size).toBe(0);
    expect(QueryDict.fromQueryString(null).size).toBe(0);
  });

  it('turns + into a space before percent-decoding', () => {
    expect(parse('q=a+b%2Bc&x+y=1').dict()).toEqual(Object.assign(Object.create(null), { q: 'a b+c', 'x y': '1' }));
  });

  it('decodes UTF-8 percent escapes', () => {
    expect(parse('x=%E2%82%AC&%C3%A9=1').getlist('x')).toEqual(['€']);
    expect(parse('%C3%A9=1').get('é')).toBe('1');
  });

  it('never throws on bad percent-encoding; invalid bytes become U+FFFD like Python', () => {
    expect(parse('a=%zz&b=%&c=%4').dict()).toEqual(Object.assign(Object.create(null), { a: '%zz', b: '%', c: '%4' }));
    expect(parse('a=%E0%A4%A').get('a')).toBe('\uFFFD%A');
    expect(parse('a=%FF%FE').get('a')).toBe('\uFFFD\uFFFD');
    expect(parse('a=%ED%A0%80x').get('a')).toBe('\uFFFD\uFFFD\uFFFDx');
    expect(parse('a=%C3%A9%zz%C3').get('a')).toBe('é%zz\uFFFD');
    expect(parse('a=é%E2%82%ACé%FF').get('a')).toBe('é€é\uFFFD');
  });

  it('counts fields as Python does and refuses more than maxFields', () => {
    expect(QueryDict.fromQueryString('a=1&b=2', { maxFields: 2 }).size).toBe(2);
    expect(() => QueryDict.fromQueryString('a=1&b=2&c=3', { maxFields: 2 })).toThrow(TooManyFieldsSent);
    // Empty fields count, as in parse_qsl: '&&' is three fields.
    expect(() => QueryDict.fromQueryString('&&', { maxFields: 2 })).toThrow(/DATA_UPLOAD_MAX_NUMBER_FIELDS \(2\)/);
    expect(QueryDict.fromQueryString('', { maxFields: 0 }).size).toBe(0);
  });

  it('refuses a huge field count before doing the work', () => {
    const qs = 'a&'.repeat(200_000);
    expect(() => QueryDict.fromQueryString(qs, { maxFields: 1000 })).toThrow(TooManyFieldsSent);
  });

  it('parses many fields without = in linear time', () => {
    const qs = 'a&'.repeat(200_000) + 'b=1';
    const started = performance.now();
    const q = QueryDict.fromQueryString(qs);
    expect(q.getlist('a')).toHaveLength(200_000);
    expect(q.get('b')).toBe('1');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('treats __proto__ as an ordinary key', () => {
    const q = parse('__proto__=x&constructor=y&__proto__=z');
    expect(q.getlist('__proto__')).toEqual(['x', 'z']);
    expect(q.get('constructor')).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('QueryDict immutability', () => {
  const mutators: [string, (q: QueryDict) => unknown][] = [
    ['set', (q) => q.set('a', '1')],
    ['setlist', (q) => q.setlist('a', ['1'])],
    ['appendlist', (q) => q.appendlist('a', '1')],
    ['setdefault', (q) => q.setdefault('a', '1')],
    ['setlistdefault', (q) => q.setlistdefault('a')],
    ['pop', (q) => q.pop('a')],
    ['popitem', (q) => q.popitem()],
    ['clear', (q) => q.clear()],
    ['delete', (q) => q.delete('a')],
    ['update', (q) => q.update({ a: '1' })],
  ];

  it.each(mutators)('%s() throws ImmutableQueryDictError naming the method', (method, mutate) => {
    const q = parse('a=0');
    expect(() => mutate(q)).toThrow(ImmutableQueryDictError);
    expect(() => mutate(q)).toThrow(new RegExp(`immutable: ${method}\\(\\)`));
    expect(q.getlist('a')).toEqual(['0']);
  });

  it('copy() is mutable and independent', () => {
    const q = parse('a=1');
    const c = q.copy();
    expect(c.mutable).toBe(true);
    c.appendlist('a', '2');
    c.set('b', '3');
    expect(q.getlist('a')).toEqual(['1']);
    expect(c.urlencode()).toBe('a=1&a=2&b=3');
  });

  it('mutable: true allows changes', () => {
    const q = QueryDict.fromQueryString('a=1', { mutable: true });
    q.appendlist('a', '2');
    expect(q.getlist('a')).toEqual(['1', '2']);
    const empty = new QueryDict(undefined, { mutable: true });
    empty.set('x', 'y');
    expect(empty.get('x')).toBe('y');
  });

  it('fromKeys repeats the value for each key, immutable unless asked', () => {
    const q = QueryDict.fromKeys(['a', 'a', 'b'], 'val');
    expect(q.urlencode()).toBe('a=val&a=val&b=val');
    expect(q.mutable).toBe(false);
    expect(QueryDict.fromKeys(['x']).get('x')).toBe('');
    expect(QueryDict.fromKeys(['x'], 'v', { mutable: true }).mutable).toBe(true);
  });
});

describe('QueryDict.urlencode', () => {
  it('quote_plus-escapes keys and values without safe', () => {
    const q = new QueryDict([['a b', ['1 2', '/x?&=é']], ['~._-', ["!'()*"]]]);
    expect(q.urlencode()).toBe('a+b=1+2&a+b=%2Fx%3F%26%3D%C3%A9&~._-=%21%27%28%29%2A');
  });

  it('keeps the characters in safe and writes spaces as %20', () => {
    const q = new QueryDict([['next', ['/a/b c?d']]]);
    expect(q.urlencode('/')).toBe('next=/a/b%20c%3Fd');
    expect(q.urlencode('/?')).toBe('next=/a/b%20c?d');
    expect(q.urlencode('/€')).toBe('next=/a/b%20c%3Fd');
  });

  it('quote keeps spaces that are safe, but quote_plus writes them as +', () => {
    expect(quote('a b', ' ', false)).toBe('a b');
    expect(quote('a b', ' ', true)).toBe('a+b');
  });
});

describe('properties', () => {
  it('urlencode then fromQueryString gives back the same lists', () => {
    const key = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => k !== '');
    const lists = fc.uniqueArray(fc.tuple(key, fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 3 })), {
      selector: ([k]) => k,
      maxLength: 6,
    });
    fc.assert(
      fc.property(lists, fc.constantFrom(undefined, '/', '/?:@'), (entries, safe) => {
        const q = new QueryDict(entries);
        const back = QueryDict.fromQueryString(q.urlencode(safe));
        expect([...back.lists()]).toEqual(entries);
      }),
    );
  });

  it('parsing never throws and always yields strings', () => {
    const noisy = fc.string({ unit: fc.constantFrom('%', '+', '&', '=', 'a', 'F', '0', 'é', '\uD800', 'z', ';') });
    fc.assert(
      fc.property(fc.oneof(fc.string(), noisy), (qs) => {
        for (const [k, vs] of QueryDict.fromQueryString(qs).lists()) {
          expect(typeof k).toBe('string');
          for (const v of vs) expect(typeof v).toBe('string');
        }
      }),
    );
  });

  it('unquotePlus agrees with the lenient decoder on valid input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(unquotePlus(quote(text, '', true))).toBe(text);
      }),
    );
  });
});
