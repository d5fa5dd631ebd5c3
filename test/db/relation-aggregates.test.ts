import { expect, test } from 'vitest';
import { FieldDoesNotExist, NotSupportedError } from '../../src/db/errors.js';
import { Avg, Count, Max, Min, Sum } from '../../src/db/query/aggregates.js';
import { captureQueries } from '../../src/db/query/execute.js';
import { F } from '../../src/db/query/expressions.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { AGGREGATE_MODELS, Scribe, Shelf, Volume } from './aggregate-models.js';

/** Ann wrote Dune (10) and Emma (20), Bob wrote 'Bob' (5), Cy wrote nothing; Dune is on two shelves, Emma on one. */
async function library() {
  const ann = await Scribe.objects.create({ name: 'Ann', age: 40 });
  const bob = await Scribe.objects.create({ name: 'Bob', age: 30 });
  const cy = await Scribe.objects.create({ name: 'Cy', age: 20 });
  const dune = await Volume.objects.create({ title: 'Dune', price: 10, scribe: ann });
  const emma = await Volume.objects.create({ title: 'Emma', price: 20, scribe: ann });
  await Volume.objects.create({ title: 'Bob', price: 5, scribe: bob });
  const sci = await Shelf.objects.create({ label: 'sci' });
  const old = await Shelf.objects.create({ label: 'old' });
  await Shelf.objects.create({ label: 'empty' });
  await (dune as unknown as { shelves: { add(...o: unknown[]): Promise<void> } }).shelves.add(sci, old);
  await (emma as unknown as { shelves: { add(...o: unknown[]): Promise<void> } }).shelves.add(sci);
  return { ann, bob, cy };
}

const byName = <T extends { name: string }>(rows: readonly T[]) => Object.fromEntries(rows.map((r) => [r.name, r]));

await describeDatabases(
  'Aggregates and F() across relations',
  () => {
    test('Count over a reverse ForeignKey is one grouped query with a LEFT JOIN: an author without books counts 0', async () => {
      await library();
      const { result, queries } = await captureQueries(async () => Scribe.objects.annotate({ n: Count('volume') }).orderBy('name'));
      expect(result.map((s) => [s.name, s.n])).toEqual([['Ann', 2], ['Bob', 1], ['Cy', 0]]);
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/left join/i);
      expect(queries[0]).toMatch(/group by/i);
    });

    test('Sum, Avg, Min and Max over a reverse relation are null for an author without books', async () => {
      await library();
      const { result, queries } = await captureQueries(async () =>
        Scribe.objects.annotate({ total: Sum('volume__price'), mean: Avg('volume__price'), low: Min('volume__price'), high: Max('volume__title') }),
      );
      expect(queries).toHaveLength(1);
      const rows = byName(result);
      expect([rows.Ann!.total, rows.Ann!.mean, rows.Ann!.low, rows.Ann!.high]).toEqual([30, 15, 10, 'Emma']);
      expect([rows.Bob!.total, rows.Bob!.mean, rows.Bob!.low, rows.Bob!.high]).toEqual([5, 5, 5, 'Bob']);
      expect([rows.Cy!.total, rows.Cy!.mean, rows.Cy!.low, rows.Cy!.high]).toEqual([null, null, null, null]);
    });

    test('an aggregate over a forward ForeignKey reads the related column', async () => {
      await library();
      const rows = await Volume.objects.annotate({ a: Max('scribe__name'), age: Sum('scribe__age') }).orderBy('title');
      expect(rows.map((v) => [v.title, v.a, v.age])).toEqual([['Bob', 'Bob', 30], ['Dune', 'Ann', 40], ['Emma', 'Ann', 40]]);
    });

    test('Count over many-to-many, forward (field name) and reverse (model name), with empty sides 0', async () => {
      await library();
      const volumes = await Volume.objects.annotate({ n: Count('shelves') }).orderBy('title');
      expect(volumes.map((v) => [v.title, v.n])).toEqual([['Bob', 0], ['Dune', 2], ['Emma', 1]]);
      // Ordering by a related column groups by it too, as Django's, so PostgreSQL accepts it.
      const ordered = await Volume.objects.annotate({ n: Count('shelves') }).orderBy('-scribe__name', 'title');
      expect(ordered.map((v) => [v.title, v.n])).toEqual([['Bob', 0], ['Dune', 2], ['Emma', 1]]);
      const shelves = await Shelf.objects.annotate({ n: Count('volume') }).orderBy('label');
      expect(shelves.map((s) => [s.label, s.n])).toEqual([['empty', 0], ['old', 1], ['sci', 2]]);
    });

    test("a name that is not a query name is FieldDoesNotExist listing the choices (Django's reverse name is 'volume', not 'volume_set')", () => {
      expect(() => Scribe.objects.annotate({ n: Count('volume_set') })).toThrow(FieldDoesNotExist);
      expect(() => Scribe.objects.annotate({ n: Count('volume_set') })).toThrow(/volume_set.*Scribe.*volume/);
      expect(() => Scribe.objects.annotate({ n: Sum('volume__cost') })).toThrow(/Cannot resolve keyword 'cost' into a field of Volume/);
      expect(() => Volume.objects.filter({ title: F('scribe__nope') })).toThrow(FieldDoesNotExist);
      for (const hostile of ['', '__', 'volume__', '__price', 'volume__price__sum__x']) {
        expect(() => Scribe.objects.annotate({ n: Count(hostile) }), hostile).toThrow(FieldDoesNotExist);
      }
    });

    test('filter() and orderBy() on an aggregate annotation are HAVING and ORDER BY, in one query', async () => {
      await library();
      const { result, queries } = await captureQueries(async () => Scribe.objects.annotate({ n: Count('volume') }).filter({ n__gte: 1 }).orderBy('-n'));
      expect(result.map((s) => [s.name, s.n])).toEqual([['Ann', 2], ['Bob', 1]]);
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatch(/having/i);
      const none = await Scribe.objects.annotate({ total: Sum('volume__price') }).filter({ total__isnull: true });
      expect(none.map((s) => s.name)).toEqual(['Cy']);
      expect(await Scribe.objects.annotate({ n: Count('volume') }).filter({ n: 0 }).count()).toBe(1);
    });

    test('aggregate() across a relation totals every related row, and follows filter()', async () => {
      await library();
      expect(await Scribe.objects.aggregate({ total: Sum('volume__price'), n: Count('volume') })).toEqual({ total: 35, n: 3 });
      expect(await Scribe.objects.filter({ name: 'Ann' }).aggregate({ total: Sum('volume__price') })).toEqual({ total: 30 });
      expect(await Scribe.objects.filter({ name: 'Cy' }).aggregate({ total: Sum('volume__price'), n: Count('volume') })).toEqual({ total: null, n: 0 });
      expect(await Volume.objects.filter({ title: F('scribe__name') }).aggregate({ total: Sum('price') })).toEqual({ total: 5 });
    });

    test("aggregate() over an aggregate annotation reads it from the grouped subquery: Avg of Count('volume')", async () => {
      await library();
      const { result, queries } = await captureQueries(async () => Scribe.objects.annotate({ n: Count('volume') }).aggregate({ mean: Avg('n'), most: Max('n') }));
      expect(result).toEqual({ mean: 1, most: 2 });
      expect(queries).toHaveLength(1);
      expect(await Scribe.objects.annotate({ n: Count('volume') }).filter({ n__gte: 1 }).aggregate({ total: Sum('n') })).toEqual({ total: 3 });
    });

    test('selectRelated() with an aggregate annotation groups by the joined columns too, in one query', async () => {
      await library();
      const { result, queries } = await captureQueries(async () => Volume.objects.selectRelated('scribe').annotate({ n: Count('shelves') }).orderBy('title'));
      expect(result.map((v) => [v.title, v.scribe.name, v.n])).toEqual([['Bob', 'Bob', 0], ['Dune', 'Ann', 2], ['Emma', 'Ann', 1]]);
      expect(queries).toHaveLength(1);
    });

    test('values() then annotate() groups by the values() fields, even across a relation', async () => {
      await library();
      const rows = await Volume.objects.values('scribe__name').annotate({ total: Sum('price'), n: Count('id') }).orderBy('scribe__name');
      expect(rows).toEqual([{ scribe__name: 'Ann', total: 30, n: 2 }, { scribe__name: 'Bob', total: 5, n: 1 }]);
      const authors = await Scribe.objects.values('name').annotate({ n: Count('volume') }).orderBy('-n', 'name');
      expect(authors).toEqual([{ name: 'Ann', n: 2 }, { name: 'Bob', n: 1 }, { name: 'Cy', n: 0 }]);
    });

    test("F() across a relation in filter() and annotate(): Book.filter({ title: F('author__name') })", async () => {
      await library();
      const same = await Volume.objects.filter({ title: F('scribe__name') });
      expect(same.map((v) => v.title)).toEqual(['Bob']);
      expect(await Volume.objects.filter({ title: F('scribe__name') }).count()).toBe(1);
      const byId = await Volume.objects.filter({ scribe_id: F('scribe__id') }).count();
      expect(byId).toBe(3);
      const { result, queries } = await captureQueries(async () => Volume.objects.annotate({ who: F('scribe__name') }).orderBy('title'));
      expect(result.map((v) => [v.title, v.who])).toEqual([['Bob', 'Bob'], ['Dune', 'Ann'], ['Emma', 'Ann']]);
      expect(queries).toHaveLength(1);
      const older = await Volume.objects.filter({ price__lt: F('scribe__age').sub(25) }).orderBy('title');
      expect(older.map((v) => v.title)).toEqual(['Dune']);
    });

    test('update() refuses F() across a relation, naming the model and field, and changes nothing', async () => {
      await library();
      await expect(Volume.objects.update({ title: F('scribe__name') })).rejects.toThrow(NotSupportedError);
      await expect(Volume.objects.update({ title: F('scribe__name') })).rejects.toThrow(/update\(\) on Volume\.title: joined field references are not permitted/);
      expect(await Volume.objects.filter({ title: 'Ann' }).count()).toBe(0);
      // A filter across the relation is fine: the rows are chosen by a subquery of keys.
      expect(await Volume.objects.filter({ title: F('scribe__name') }).update({ price: F('price').add(1) })).toBe(1);
      expect((await Volume.objects.get({ title: 'Bob' })).price).toBe(6);
      const [deleted] = await Volume.objects.filter({ title: F('scribe__name') }).delete();
      expect(deleted).toBe(1);
      expect(await Volume.objects.count()).toBe(2);
    });

    test('filter() before annotate() restricts what is aggregated (one join); filter() after it joins anew, as Django', async () => {
      await library();
      const { result, queries } = await captureQueries(async () => Scribe.objects.filter({ volume__price__gt: 5 }).annotate({ n: Count('volume'), total: Sum('volume__price') }).orderBy('name'));
      expect(result.map((s) => [s.name, s.n, s.total])).toEqual([['Ann', 2, 30]]);
      expect(queries).toHaveLength(1);
      const cheap = await Scribe.objects.filter({ volume__price__lt: 15 }).annotate({ n: Count('volume') }).orderBy('name');
      expect(cheap.map((s) => [s.name, s.n])).toEqual([['Ann', 1], ['Bob', 1]]);
      // After annotate() the filter is a second join: each author row repeats per matching book.
      const after = await Scribe.objects.annotate({ n: Count('volume') }).filter({ volume__price__lt: 15 }).orderBy('name');
      expect(after.map((s) => [s.name, s.n])).toEqual([['Ann', 2], ['Bob', 1]]);
    });

    test('two multi-valued annotations multiply rows, as Django documents; Count distinct does not', async () => {
      await library();
      const rows = byName(await Scribe.objects.annotate({ n: Count('volume'), s: Count('volume__shelves') }));
      expect([rows.Ann!.n, rows.Ann!.s]).toEqual([3, 3]);
      const fixed = byName(await Scribe.objects.annotate({ n: Count('volume', { distinct: true }), s: Count('volume__shelves') }));
      expect([fixed.Ann!.n, fixed.Ann!.s, fixed.Cy!.n, fixed.Cy!.s]).toEqual([2, 3, 0, 0]);
    });
  },
  { models: () => AGGREGATE_MODELS, flush: true },
);
