import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureSettings } from '../../conf/settings/index.js';
import { connections } from '../connections/index.js';
import { defineModel } from '../models/define.js';
import { SchemaEditor } from '../schema/index.js';
import type { Vendor } from '../types.js';
import { fields } from './index.js';

/*
 * Every field type written to and read back from SQLite, PostgreSQL and MariaDB through the
 * Manager: what goes in comes out equal. A server that is down skips its suite (fails on CI).
 */

const SERVERS: Record<Vendor, string> = {
  sqlite: 'sqlite://:memory:',
  postgresql: 'postgres://postgres@127.0.0.1:5432/test',
  mysql: 'mysql://root@127.0.0.1:3306/test',
};

const Everything = defineModel(
  'fieldrt.Everything',
  {
    big: fields.BigIntegerField({ mode: 'bigint', null: true }),
    bignum: fields.BigIntegerField({ null: true }),
    blob: fields.BinaryField({ null: true }),
    flag: fields.BooleanField({ null: true }),
    title: fields.CharField({ maxLength: 64, null: true }),
    day: fields.DateField({ null: true }),
    at: fields.DateTimeField({ null: true }),
    price: fields.DecimalField({ maxDigits: 12, decimalPlaces: 3, null: true }),
    email: fields.EmailField({ null: true }),
    span: fields.DurationField({ null: true }),
    tiny: fields.PositiveSmallIntegerField({ null: true }),
    huge: fields.PositiveBigIntegerField({ null: true }),
    ratio: fields.FloatField({ null: true }),
    count: fields.IntegerField({ null: true }),
    data: fields.JSONField({ null: true }),
    positive: fields.PositiveIntegerField({ null: true }),
    small: fields.SmallIntegerField({ null: true }),
    slug: fields.SlugField({ null: true }),
    body: fields.TextField({ null: true }),
    opens: fields.TimeField({ null: true }),
    home: fields.URLField({ null: true }),
    token: fields.UUIDField({ null: true }),
    created: fields.DateTimeField({ autoNowAdd: true }),
  },
  { dbTable: `fieldrt_everything_${process.pid}` },
);

const SAMPLES: ReadonlyArray<Record<string, unknown>> = [
  {
    big: 9007199254740991n,
    bignum: Number.MAX_SAFE_INTEGER,
    blob: Buffer.from([0, 1, 2, 255, 0]),
    flag: true,
    title: 'Ünïcødé ✓ and \'quotes\' and "double" and `ticks` and \\',
    day: '2024-02-29',
    at: new Date('2024-05-01T09:30:00.123Z'),
    price: '-123456789.125',
    email: 'ann@example.com',
    span: 90_061_001.001,
    tiny: 32767,
    huge: Number.MAX_SAFE_INTEGER,
    ratio: 0.1 + 0.2,
    count: -2147483648,
    data: { nested: [1, 'two', null, true, { deep: 1.5 }], emoji: '🐎', quote: "it's" },
    positive: 2147483647,
    small: -32768,
    slug: 'a-slug_1',
    body: 'line one\nline two\0 with nul?'.replace('\0', ''),
    opens: '09:05:07.123456',
    home: 'https://example.com/a?b=c',
    token: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  },
  {
    big: -9007199254740991n,
    flag: false,
    title: '',
    day: '0001-01-01',
    at: new Date('0001-01-01T00:00:00.000Z'),
    price: '0.000',
    data: 'just a string',
    opens: '00:00:00',
    count: 0,
    span: -1000.5,
    tiny: 0,
  },
  { data: [], at: new Date('9999-12-31T23:59:59.999Z'), day: '9999-12-31', price: '999999999.999', opens: '23:59:59.999999' },
  { data: null },
];

const available: Partial<Record<Vendor, boolean>> = {};

beforeAll(async () => {
  configureSettings({
    SECRET_KEY: 'x'.repeat(50),
    DATABASES: {
      default: { URL: SERVERS.sqlite },
      postgresql: { URL: SERVERS.postgresql },
      // TODO(lead): the MySQL backend should set these itself; JSONField and BigIntegerField need them.
      mysql: { URL: SERVERS.mysql, OPTIONS: { supportBigNumbers: true, jsonStrings: true, dateStrings: true } },
    },
  });
  for (const alias of ['default', 'postgresql', 'mysql'] as const) {
    const vendor: Vendor = alias === 'default' ? 'sqlite' : alias;
    try {
      await connections.get(alias).execute('SELECT 1');
      available[vendor] = true;
      await new SchemaEditor(connections.get(alias)).createModel(Everything);
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      available[vendor] = false;
      console.warn(`fields round-trip: ${vendor} at ${SERVERS[vendor]} is unreachable, its suite is skipped (${String(error)})`);
    }
  }
});

afterAll(async () => {
  for (const alias of ['default', 'postgresql', 'mysql']) {
    await new SchemaEditor(connections.get(alias)).deleteModel(Everything).catch(() => undefined);
  }
  await connections.closeAll();
});

describe.each(['sqlite', 'postgresql', 'mysql'] as const)('every field type on %s', (vendor) => {
  const alias = vendor === 'sqlite' ? 'default' : vendor;

  it.for(SAMPLES.map((sample, i) => [i, sample] as const))('reads sample %i back equal', async ([, sample], context) => {
    if (available[vendor] !== true) return context.skip(`${vendor} is unreachable`);
    const saved = await Everything.objects.using(alias).create(sample);
    const read = await Everything.objects.using(alias).get({ id: saved.id });
    for (const field of Everything.meta.concreteFields) {
      const name = field.name;
      const expected = name === 'created' || name === 'id' ? (saved as unknown as Record<string, unknown>)[name] : (sample[name] ?? (name === 'data' ? null : null));
      expect([name, (read as unknown as Record<string, unknown>)[name]]).toEqual([name, expected]);
    }
    expect(read.created).toBeInstanceOf(Date);
  });

  it('keeps the 64-bit extremes of a bigint-mode field exact, or refuses loudly', async (context) => {
    if (available[vendor] !== true) return context.skip(`${vendor} is unreachable`);
    for (const big of [9223372036854775807n, -9223372036854775808n]) {
      const saved = await Everything.objects.using(alias).create({ big });
      const read = Everything.objects.using(alias).get({ id: saved.id });
      // better-sqlite3 rounds integers beyond 2^53 unless its safe-integer mode is on, which the
      // SQLite backend does not turn on (yet): the field refuses the rounded value instead of using it.
      if (vendor === 'sqlite') await expect(read).rejects.toThrow(/imprecise number/);
      else expect((await read).big).toBe(big);
    }
  });

  it('coerces raw assignments on save, and refuses a wrong type naming the field', async (context) => {
    if (available[vendor] !== true) return context.skip(`${vendor} is unreachable`);
    const item = new Everything({ count: '7', flag: 't', at: '2024-05-01 09:30:00', price: 2.5, token: '6F1C2A3B4D5E4F608A7B9C0D1E2F3A4B' } as never);
    await item.save({ using: alias });
    const read = await Everything.objects.using(alias).get({ id: item.id });
    expect([read.count, read.flag, read.at?.toISOString(), read.price, read.token]).toEqual([7, true, '2024-05-01T09:30:00.000Z', '2.500', '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b']);
    read.count = 'seven' as never;
    await expect(read.save({ using: alias })).rejects.toThrow('count: “seven” value must be an integer.');
    await expect(Everything.objects.using(alias).create({ day: '2023-02-29' })).rejects.toThrow(/day: .* but it is an invalid date\./);
  });

  it('stores any Date, decimal, text and JSON value and reads it back equal (property)', async (context) => {
    if (available[vendor] !== true) return context.skip(`${vendor} is unreachable`);
    const objects = Everything.objects.using(alias);
    await fc.assert(
      fc.asyncProperty(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.bigInt({ min: -(10n ** 12n) + 1n, max: 10n ** 12n - 1n }),
        // MySQL's utf8mb4 and PostgreSQL refuse NUL in text; everything else must survive.
        fc.string({ unit: 'grapheme', maxLength: 64 }).map((t) => t.replaceAll('\0', '')),
        fc.jsonValue({ maxDepth: 3 }),
        async (at, cents, title, data) => {
          const price = `${cents < 0n ? '-' : ''}${(cents < 0n ? -cents : cents).toString().padStart(4, '0').replace(/(\d{3})$/, '.$1')}`;
          const saved = await objects.create({ at, price, title, data: data as never });
          const read = await objects.get({ id: saved.id });
          expect(read.at?.getTime()).toBe(at.getTime());
          expect(read.price).toBe(Everything.meta.getField('price').toJs(price));
          expect(read.title).toBe(title);
          expect(read.data).toEqual(JSON.parse(JSON.stringify(data)));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('finds rows by each kind of value', async (context) => {
    if (available[vendor] !== true) return context.skip(`${vendor} is unreachable`);
    const objects = Everything.objects.using(alias);
    await objects.create({ token: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', flag: true, day: '2031-01-02', price: '1.5' });
    expect(await objects.filter({ token: 'aaaaaaaabbbb4ccc8dddeeeeeeeeeeee' }).count()).toBe(1);
    expect(await objects.filter({ day: '2031-01-02' }).count()).toBe(1);
    expect(await objects.filter({ price: '1.500', flag: true }).count()).toBe(1);
    expect(await objects.filter({ at__gte: new Date('9999-01-01T00:00:00Z'), opens: '23:59:59.999999' }).count()).toBe(1);
    expect(await objects.filter({ at__lt: new Date('0002-01-01T00:00:00Z'), count: 0 }).count()).toBe(1);
  });
});
