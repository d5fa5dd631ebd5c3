import { beforeEach, describe, expect, test } from 'vitest';
import { DatabaseError, NotSupportedError } from '../../src/db/errors.js';
import { captureQueries } from '../../src/db/query/execute.js';
import { F } from '../../src/db/query/expressions.js';
import { Q } from '../../src/db/query/q.js';
import type { Vendor } from '../../src/db/types.js';
import { Book, Member, Ordered } from './query-models.js';
import { seed, sortPrice, titles } from './query-seed.js';

/** Instances, lookups, ordering, slicing and values(), run once per database by describeDatabases(). */
export function readSuite(vendor: Vendor): void {
  beforeEach(async () => {
    await Book.objects.delete();
    await Ordered.objects.delete();
    await Member.objects.delete();
  });

  describe(`${vendor}: instances`, () => {
    test('create() inserts, sets the pk and the state, and get() finds an equal instance', async () => {
      const book = await Book.objects.create({ title: 'T', price: 1 });
      expect(typeof book.id).toBe('number');
      expect(book._state).toEqual({ adding: false, db: 'default' });
      const again = await Book.objects.get({ pk: book.id });
      expect(again.equals(book)).toBe(true);
      expect(again.title).toBe('T');
      expect(again.published).toBe(false);
    });

    test('save() of a loaded instance updates it; updateFields writes only those fields', async () => {
      const book = await Book.objects.create({ title: 'T', price: 1 });
      book.price = 2;
      await book.save();
      expect((await Book.objects.get({ id: book.id })).price).toBe(2);
      book.price = 3;
      book.title = 'changed';
      await book.save({ updateFields: ['price'] });
      const row = await Book.objects.get({ id: book.id });
      expect([row.title, row.price]).toEqual(['T', 3]);
      expect(await Book.objects.count()).toBe(1);
    });

    test('save() of a new instance with a pk not in the table inserts it', async () => {
      const book = new Book({ id: 777, title: 'explicit', price: 7 });
      await book.save();
      expect((await Book.objects.get({ pk: 777 })).title).toBe('explicit');
    });

    test('forceUpdate and updateFields on a missing row are DatabaseErrors', async () => {
      const book = new Book({ id: 4242, title: 'x', price: 1 });
      book._state.adding = false;
      await expect(book.save({ forceUpdate: true })).rejects.toBeInstanceOf(DatabaseError);
      await expect(book.save({ updateFields: ['price'] })).rejects.toThrow(/did not affect any rows/);
      await expect(book.save({ updateFields: ['nope'] })).rejects.toThrow(/nope/);
    });

    test('delete() returns the count per label and clears the pk; refreshFromDb() then fails', async () => {
      const book = await Book.objects.create({ title: 'gone', price: 1 });
      const copy = await Book.objects.get({ pk: book.id });
      expect(await book.delete()).toEqual([1, { 'qtest.Book': 1 }]);
      expect(book.pk).toBeNull();
      await expect(copy.refreshFromDb()).rejects.toBeInstanceOf(Book.DoesNotExist);
    });

    test('refreshFromDb() reloads all or the named fields', async () => {
      const book = await Book.objects.create({ title: 'a', price: 1 });
      await Book.objects.filter({ pk: book.id }).update({ title: 'b', price: 2 });
      await book.refreshFromDb({ fields: ['price'] });
      expect([book.title, book.price]).toEqual(['a', 2]);
      await book.refreshFromDb();
      expect(book.title).toBe('b');
    });
  });

  describe(`${vendor}: lookups`, () => {
    beforeEach(seed);
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['exact', { title: 'django for pros' }, ['django for pros']],
      ['exact null is IS NULL', { rating: null }, ['django for pros']],
      ['iexact', { title__iexact: 'DJANGO FOR PROS' }, ['django for pros']],
      ['contains is case-sensitive', { title__contains: 'Djan' }, ['Django Unchained']],
      ['icontains', { title__icontains: 'djan' }, ['Django Unchained', 'django for pros']],
      ['contains % literally', { title__contains: '%' }, ['100% pure_fun']],
      ['contains _ literally', { title__contains: 'e_f' }, ['100% pure_fun']],
      ['icontains % and _ literally', { title__icontains: '0% PURE_' }, ['100% pure_fun']],
      ['contains a backslash literally', { title__contains: 'k\\s' }, ['back\\slash']],
      ['contains unicode', { title__contains: 'Ärg' }, ['Über Ärger']],
      ['startswith', { title__startswith: 'dj' }, ['django for pros']],
      ['istartswith', { title__istartswith: 'DJ' }, ['Django Unchained', 'django for pros']],
      ['startswith with _ literally', { title__startswith: '100_' }, []],
      ['endswith', { title__endswith: 'fun' }, ['100% pure_fun', '100 pure fun']],
      ['iendswith', { title__iendswith: 'FUN' }, ['100% pure_fun', '100 pure fun']],
      ['in', { price__in: [5, 20, 999] }, ['django for pros', 'back\\slash']],
      ['in drops null', { price__in: [5, null] }, ['back\\slash']],
      ['in with an empty list matches nothing', { price__in: [] }, []],
      ['gt', { price__gt: 25 }, ['Django Unchained']],
      ['gte', { price__gte: 25 }, ['Django Unchained', 'Über Ärger']],
      ['lt', { price__lt: 10 }, ['back\\slash']],
      ['lte', { price__lte: 10 }, ['100% pure_fun', 'back\\slash']],
      ['range', { price__range: [10, 20] }, ['django for pros', '100% pure_fun', '100 pure fun']],
      ['isnull true', { note__isnull: true, rating__isnull: true }, ['django for pros']],
      ['isnull false', { note__isnull: false }, ['100% pure_fun', 'Über Ärger']],
      ['boolean exact', { published: true }, ['Django Unchained', 'django for pros']],
      ['float gt', { rating__gt: 4 }, ['Django Unchained', 'Über Ärger']],
      ['pk__in', { pk__in: [] }, []],
    ];
    test.each(cases)('%s', async (_name, kwargs, expected) => {
      expect(titles(await Book.objects.filter(kwargs).orderBy('-price'))).toEqual(
        expected.sort((a, b) => sortPrice(b) - sortPrice(a)),
      );
    });

    test('regex and iregex work where the database has them', async () => {
      const run = async () => [titles(await Book.objects.filter({ title__regex: '^[Dd]jango' }).orderBy('price')), titles(await Book.objects.filter({ title__iregex: '^DJANGO U' }))];
      if (vendor === 'sqlite') await expect(run()).rejects.toBeInstanceOf(NotSupportedError);
      else expect(await run()).toEqual([['django for pros', 'Django Unchained'], ['Django Unchained']]);
    });

    test('in takes a QuerySet, compiled as a subquery in the same query', async () => {
      const ids = Book.objects.filter({ price__gte: 25 }).valuesList('id', { flat: true });
      const { result, queries } = await captureQueries(async () => titles(await Book.objects.filter({ pk__in: ids }).orderBy('price')));
      expect(result).toEqual(['Über Ärger', 'Django Unchained']);
      expect(queries).toHaveLength(1);
      expect(await Book.objects.exclude({ id__in: ids }).count()).toBe(4);
      expect(await Book.objects.filter({ id__in: ids.none() }).count()).toBe(0);
      expect(() => Book.objects.filter({ pk__in: Book.objects.values('id', 'title') })).toThrow(NotSupportedError);
    });

    test('exclude() keeps rows whose nullable column is NULL, as Django does', async () => {
      expect(titles(await Book.objects.exclude({ rating__gt: 2 }).orderBy('price'))).toEqual(['back\\slash', '100 pure fun', 'django for pros']);
      expect(await Book.objects.exclude({ price__in: [] }).count()).toBe(6);
    });

    test('Q objects combine with or, and, not', async () => {
      const cheapOrDjango = Q({ price__lt: 10 }).or(Q({ title__istartswith: 'django' }));
      expect(titles(await Book.objects.filter(cheapOrDjango).orderBy('price'))).toEqual(['back\\slash', 'django for pros', 'Django Unchained']);
      expect(titles(await Book.objects.filter(Q.and(cheapOrDjango, Q.not(Q({ published: true })))))).toEqual(['back\\slash']);
      expect(await Book.objects.filter(cheapOrDjango.not()).count()).toBe(3);
      expect(await Book.objects.filter(Q({ price__gte: 20 }), { published: false }).count()).toBe(1);
      expect(await Book.objects.filter(Q()).count()).toBe(6);
    });

    test('F expressions compare fields and compute updates in SQL', async () => {
      expect(await Book.objects.filter({ price__lte: F('rating').mul(5) }).count()).toBe(3);
      expect(await Book.objects.filter({ price__gte: 20 }).update({ price: F('price').add(1), note: 'raised' })).toBe(3);
      expect(await Book.objects.valuesList('price', { flat: true }).filter({ note: 'raised' }).orderBy('price')).toEqual([21, 26, 31]);
    });
  });

  describe(`${vendor}: ordering, slicing, values`, () => {
    beforeEach(seed);

    test('orderBy sorts by several fields, ? shuffles, Meta.ordering is the default', async () => {
      await Ordered.objects.bulkCreate([new Ordered({ name: 'a', rank: 2 }), new Ordered({ name: 'b', rank: 3 }), new Ordered({ name: 'c', rank: 1 })]);
      expect((await Ordered.objects.all()).map((o) => o.name)).toEqual(['b', 'a', 'c']);
      expect((await Ordered.objects.orderBy('rank')).map((o) => o.name)).toEqual(['c', 'a', 'b']);
      expect((await Ordered.objects.all().reverse()).map((o) => o.name)).toEqual(['c', 'a', 'b']);
      expect((await Ordered.objects.first())?.name).toBe('b');
      expect((await Ordered.objects.last())?.name).toBe('c');
      await Book.objects.create({ title: 'Django Unchained', price: 1 });
      expect((await Book.objects.filter({ title: 'Django Unchained' }).orderBy('title', '-price')).map((b) => b.price)).toEqual([30, 1]);
      expect((await Book.objects.orderBy('?')).length).toBe(7);
    });

    test('latest() and earliest() pick by the fields named, DoesNotExist when empty', async () => {
      expect((await Book.objects.latest('price')).title).toBe('Django Unchained');
      expect((await Book.objects.earliest('price')).title).toBe('back\\slash');
      expect((await Book.objects.filter({ published: true }).earliest('-price')).title).toBe('Django Unchained');
      await expect(Book.objects.none().latest('price')).rejects.toBeInstanceOf(Book.DoesNotExist);
      await expect(Book.objects.latest()).rejects.toThrow(/getLatestBy/);
    });

    test('first() and last() go by pk when unordered', async () => {
      expect((await Book.objects.first())?.title).toBe('Django Unchained');
      expect((await Book.objects.last())?.title).toBe('back\\slash');
      expect(await Book.objects.none().first()).toBeUndefined();
    });

    test('slice() is LIMIT/OFFSET, chains, and refuses negative indexes', async () => {
      const byPrice = Book.objects.orderBy('price');
      expect((await byPrice.slice(1, 3)).map((b) => b.price)).toEqual([10, 15]);
      expect((await byPrice.slice(4)).map((b) => b.price)).toEqual([25, 30]);
      expect((await byPrice.slice(1, 5).slice(1, 2)).map((b) => b.price)).toEqual([15]);
      expect((await byPrice.at(0))?.price).toBe(5);
      expect(await byPrice.slice(2, 4).count()).toBe(2);
      expect(await byPrice.slice(10).exists()).toBe(false);
      expect(() => byPrice.slice(-1)).toThrow('Negative indexing is not supported.');
      expect(() => byPrice.slice(0, 2).filter({ price: 1 })).toThrow(NotSupportedError);
    });

    test('values() and valuesList() return plain rows of the named fields', async () => {
      const cheap = Book.objects.filter({ price__lte: 10 }).orderBy('price');
      expect(await cheap.values('title', 'price')).toEqual([{ title: 'back\\slash', price: 5 }, { title: '100% pure_fun', price: 10 }]);
      expect(await cheap.valuesList('price', 'published')).toEqual([[5, false], [10, false]]);
      expect(await cheap.valuesList('title', { flat: true })).toEqual(['back\\slash', '100% pure_fun']);
      expect(Object.keys((await cheap.values())[0]!)).toEqual(['id', 'title', 'price', 'rating', 'published', 'note']);
      expect(() => Book.objects.valuesList('title', 'price', { flat: true } as never)).toThrow(NotSupportedError);
    });

    test('distinct() removes duplicate rows', async () => {
      expect(await Book.objects.values('published').distinct().orderBy('published')).toEqual([{ published: false }, { published: true }]);
    });

    test('async iteration and iterator(chunkSize) yield every row', async () => {
      const seen: string[] = [];
      for await (const book of Book.objects.orderBy('price')) seen.push(book.title);
      expect(seen).toHaveLength(6);
      const chunked: number[] = [];
      for await (const book of Book.objects.orderBy('price').iterator(4)) chunked.push(book.price);
      expect(chunked).toEqual([5, 10, 15, 20, 25, 30]);
    });

    test('QuerySets are immutable and lazy; none() never queries', async () => {
      const all = Book.objects.all();
      const cheap = all.filter({ price__lt: 10 });
      expect(cheap).not.toBe(all);
      const { queries } = await captureQueries(async () => {
        Book.objects.filter({ price: 1 }).orderBy('title');
        return [await Book.objects.none(), await Book.objects.none().count(), await Book.objects.none().update({ price: 1 })];
      });
      expect(queries).toEqual([]);
      expect(await all.count()).toBe(6);
      expect(await cheap.count()).toBe(1);
    });

    test('a list of N objects costs one query', async () => {
      const { result, queries } = await captureQueries(async () => {
        const books = await Book.objects.all();
        return books.map((b) => `${b.title}:${b.price}`);
      });
      expect(result).toHaveLength(6);
      expect(queries).toHaveLength(1);
    });
  });
}
