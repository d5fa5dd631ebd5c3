import { describe, expect, it } from 'vitest';
import { MultiValueDict } from './multi-value-dict.js';

function sample(): MultiValueDict<string> {
  return new MultiValueDict([
    ['name', ['Adrian', 'Simon']],
    ['position', ['Developer']],
  ]);
}

describe('MultiValueDict', () => {
  it('get returns the last value and the default when absent', () => {
    const d = sample();
    expect(d.get('name')).toBe('Simon');
    expect(d.get('missing')).toBeUndefined();
    expect(d.get('missing', 'fallback')).toBe('fallback');
  });

  it('getlist returns a copy of all values, [] or the default when absent', () => {
    const d = sample();
    const list = d.getlist('name');
    expect(list).toEqual(['Adrian', 'Simon']);
    list.push('Mutated');
    expect(d.getlist('name')).toEqual(['Adrian', 'Simon']);
    expect(d.getlist('missing')).toEqual([]);
    expect(d.getlist('missing', ['x'])).toEqual(['x']);
  });

  it('does not share the lists it was built from', () => {
    const source: [string, string[]][] = [['a', ['1']]];
    const d = new MultiValueDict(source);
    source[0]?.[1].push('2');
    expect(d.getlist('a')).toEqual(['1']);
  });

  it('set replaces, setlist replaces with a copy, appendlist appends', () => {
    const d = sample();
    d.set('name', 'Jacob');
    expect(d.getlist('name')).toEqual(['Jacob']);
    const values = ['a', 'b'];
    d.setlist('name', values);
    values.push('c');
    expect(d.getlist('name')).toEqual(['a', 'b']);
    d.appendlist('name', 'z');
    d.appendlist('new', 'n');
    expect(d.getlist('name')).toEqual(['a', 'b', 'z']);
    expect(d.getlist('new')).toEqual(['n']);
  });

  it('setdefault sets only when absent and returns the last value', () => {
    const d = sample();
    expect(d.setdefault('name', 'X')).toBe('Simon');
    expect(d.setdefault('other', 'X')).toBe('X');
    expect(d.getlist('other')).toEqual(['X']);
  });

  it('setlistdefault returns the live list, as Django does', () => {
    const d = new MultiValueDict<string>();
    d.setlistdefault('k', ['a']).push('b');
    expect(d.getlist('k')).toEqual(['a', 'b']);
    expect(d.setlistdefault('k', ['ignored'])).toEqual(['a', 'b']);
  });

  it('pop returns the whole list, popitem the last key', () => {
    const d = sample();
    expect(d.pop('name')).toEqual(['Adrian', 'Simon']);
    expect(d.has('name')).toBe(false);
    expect(d.pop('name')).toBeUndefined();
    expect(d.pop('name', 'none')).toBe('none');
    d.appendlist('later', 'x');
    expect(d.popitem()).toEqual(['later', ['x']]);
    expect(d.popitem()).toEqual(['position', ['Developer']]);
    expect(d.popitem()).toBeUndefined();
  });

  it('delete and clear remove keys', () => {
    const d = sample();
    expect(d.delete('name')).toBe(true);
    expect(d.delete('name')).toBe(false);
    expect(d.size).toBe(1);
    d.clear();
    expect(d.size).toBe(0);
  });

  it('update appends from another dict, a record and pairs, never replacing', () => {
    const d = sample();
    d.update(new MultiValueDict([['name', ['Jacob', 'Ian']]]), { position: 'Lead' }, [['name', 'Last']]);
    expect(d.getlist('name')).toEqual(['Adrian', 'Simon', 'Jacob', 'Ian', 'Last']);
    expect(d.getlist('position')).toEqual(['Developer', 'Lead']);
  });

  it('iterates keys, last values, items and lists in insertion order', () => {
    const d = sample();
    expect([...d]).toEqual(['name', 'position']);
    expect([...d.keys()]).toEqual(['name', 'position']);
    expect([...d.values()]).toEqual(['Simon', 'Developer']);
    expect([...d.items()]).toEqual([['name', 'Simon'], ['position', 'Developer']]);
    expect([...d.lists()]).toEqual([['name', ['Adrian', 'Simon']], ['position', ['Developer']]]);
    expect(d.size).toBe(2);
  });

  it('a key with an empty list is present but has no last value', () => {
    const d = new MultiValueDict<string>();
    d.setlist('empty', []);
    expect(d.has('empty')).toBe(true);
    expect(d.get('empty', 'default')).toBe('default');
    expect([...d.items()]).toEqual([]);
    expect([...d.lists()]).toEqual([['empty', []]]);
  });

  it('dict() gives last values in an object without a prototype', () => {
    const dict = sample().dict();
    expect(Object.getPrototypeOf(dict)).toBeNull();
    expect({ ...dict }).toEqual({ name: 'Simon', position: 'Developer' });
  });

  it('copy() has its own lists', () => {
    const d = sample();
    const c = d.copy();
    c.appendlist('name', 'Copy');
    expect(d.getlist('name')).toEqual(['Adrian', 'Simon']);
    expect(c.getlist('name')).toEqual(['Adrian', 'Simon', 'Copy']);
  });

  it('treats __proto__, constructor and hasOwnProperty as ordinary keys', () => {
    const d = new MultiValueDict<string>();
    for (const key of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      expect(d.has(key)).toBe(false);
      expect(d.get(key)).toBeUndefined();
      d.appendlist(key, 'v1');
      d.appendlist(key, 'v2');
      expect(d.getlist(key)).toEqual(['v1', 'v2']);
    }
    const dict = d.dict();
    expect(Object.keys(dict)).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(dict['__proto__']).toBe('v2');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    d.update(JSON.parse('{"__proto__": "v3"}') as Record<string, string>);
    expect(d.getlist('__proto__')).toEqual(['v1', 'v2', 'v3']);
  });
});
