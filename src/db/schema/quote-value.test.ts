import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { quoteValue } from './quote-value.js';

describe('quoteValue', () => {
  it('writes each vendor’s literals', () => {
    expect(quoteValue(null, 'sqlite')).toBe('NULL');
    expect(quoteValue(true, 'postgresql')).toBe('true');
    expect(quoteValue(true, 'mysql')).toBe('1');
    expect(quoteValue("it's", 'sqlite')).toBe("'it''s'");
    expect(quoteValue('a\\b', 'mysql')).toBe("'a\\\\b'");
    expect(quoteValue(12n, 'mysql')).toBe('12');
    expect(quoteValue({ a: 1 }, 'postgresql')).toBe(`'{"a":1}'`);
    expect(quoteValue(Buffer.from([1, 255]), 'sqlite')).toBe("X'01ff'");
  });

  it('refuses numbers SQL cannot hold', () => {
    expect(() => quoteValue(Number.NaN, 'sqlite')).toThrow(/Cannot write NaN/);
    expect(() => quoteValue(Infinity, 'postgresql')).toThrow(TypeError);
  });
});

// A literal read back by the database must be the very string it was made from.
await describeDatabases('quoteValue round trip', ({ connection }) => {
  it('gives back any string, quotes and backslashes included', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', "'", '"', '\\', '`', '?', '%', '_', '\n', 'é', '🐎', ' ', '-', '/', '*', ';'), maxLength: 24 });
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const { rows } = await connection().execute(`SELECT ${quoteValue(value, connection().vendor)} AS v`);
        expect(rows[0]?.v).toBe(value);
      }),
      { numRuns: 60 },
    );
  });
});
