import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { BinaryField } from './binary.js';
import { JSONField } from './json.js';
import type { JsonValue } from './json.js';
import { UUIDField } from './uuid.js';
import { VENDORS, named, vendorStub } from './vendor-stubs.js';

describe('UUIDField', () => {
  const id = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('accepts dashed, undashed, upper-case, braced and urn forms, holding the dashed lower-case one', () => {
    const field = named(new UUIDField(), 'token');
    for (const form of [id, id.replaceAll('-', ''), id.toUpperCase(), `{${id}}`, `urn:uuid:${id}`]) expect(field.toJs(form)).toBe(id);
  });

  it.each(['', 'not-a-uuid', `${'0'.repeat(31)}g`, 42, {}, `${'a'.repeat(33)}`])('refuses %j with Django\'s message', (value) => {
    expect(() => named(new UUIDField(), 'token').toJs(value)).toThrow(/^token: “.*” is not a valid UUID\.$/);
  });

  it('stores a native uuid on PostgreSQL and 32 hex digits elsewhere, as Django does', () => {
    const field = new UUIDField();
    expect(field.toDb(id, vendorStub('postgresql'))).toBe(id);
    expect(field.toDb(id, vendorStub('sqlite'))).toBe(id.replaceAll('-', ''));
    expect(field.toDb(id, vendorStub('mysql'))).toBe(id.replaceAll('-', ''));
    for (const vendor of VENDORS) {
      const connection = vendorStub(vendor);
      for (let i = 0; i < 20; i += 1) {
        const uuid = randomUUID();
        expect(field.fromDb(field.toDb(uuid, connection), connection)).toBe(uuid);
      }
    }
  });
});

describe('JSONField', () => {
  it('accepts any JSON value and refuses what JSON would change', () => {
    const field = named(new JSONField(), 'data');
    expect(field.toJs({ a: [1, 'x', null, true] })).toEqual({ a: [1, 'x', null, true] });
    expect(field.toJs('text')).toBe('text');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [Number.NaN, Infinity, 1n, new Date(), new Map(), () => 1, Symbol('s'), { a: undefined }, cyclic, [1, [Number.NaN]]]) {
      expect(() => field.toJs(bad)).toThrow(/^data: Value must be valid JSON/);
    }
  });

  it('writes text for every vendor and parses it back, except PostgreSQL jsonb which pg parses', () => {
    const field = new JSONField();
    expect(field.toDb([1, 2], vendorStub('postgresql'))).toBe('[1,2]');
    expect(field.fromDb('{"a":1}', vendorStub('sqlite'))).toEqual({ a: 1 });
    expect(field.fromDb(Buffer.from('{"a":1}'), vendorStub('mysql'))).toEqual({ a: 1 });
    expect(field.fromDb('a string', vendorStub('postgresql'))).toBe('a string');
    expect(() => field.fromDb('{oops', vendorStub('sqlite'))).toThrow(ValidationError);
  });

  it('stores null as SQL NULL only when the field is null: true, as Django does', () => {
    expect(new JSONField().toDb(null, vendorStub('sqlite'))).toBe('null');
    expect(new JSONField<JsonValue | null>({ null: true }).toDb(null, vendorStub('sqlite'))).toBeNull();
  });

  it('round-trips any JSON value on every vendor', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...VENDORS), (value, vendor) => {
        const field = new JSONField();
        const connection = vendorStub(vendor);
        const clean = field.toJs(value);
        const stored = field.toDb(clean, connection);
        const read = field.fromDb(vendor === 'postgresql' ? JSON.parse(stored as string) : stored, connection);
        expect(read).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('BinaryField', () => {
  it('holds Buffers, takes Uint8Array and base64 text, refuses the rest', () => {
    const field = named(new BinaryField(), 'blob');
    expect(field.toJs(Buffer.from('hi'))).toEqual(Buffer.from('hi'));
    expect(field.toJs(new Uint8Array([1, 2]))).toEqual(Buffer.from([1, 2]));
    expect(field.toJs('aGk=')).toEqual(Buffer.from('hi'));
    expect(() => field.toJs('not base64!')).toThrow(/^blob: .* value must be bytes/);
    expect(() => field.toJs(12)).toThrow(ValidationError);
    expect(field.getDefault()).toEqual(Buffer.alloc(0));
    expect(field.options.editable).toBe(false);
  });

  it('round-trips any bytes on every vendor', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...VENDORS), (bytes, vendor) => {
        const field = new BinaryField();
        const connection = vendorStub(vendor);
        expect(field.fromDb(field.toDb(field.toJs(bytes), connection), connection)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});
