import { beforeEach, describe, expect, test } from 'vitest';
import { connections } from '../../src/db/connections/index.js';
import { FieldDoesNotExist, NotSupportedError, IntegrityError, MultipleObjectsReturned, ObjectDoesNotExist, ValidationError } from '../../src/db/errors.js';
import { Avg, Count, Max, Min, Sum } from '../../src/db/query/aggregates.js';
import { captureQueries } from '../../src/db/query/execute.js';
import { F } from '../../src/db/query/expressions.js';
import { postDelete, postSave, preDelete, preSave } from '../../src/db/signals.js';
import { atomic } from '../../src/db/transaction.js';
import type { Vendor } from '../../src/db/types.js';
import { Book, Member, Ordered } from './query-models.js';
import { seed } from './query-seed.js';

/** Aggregates, creation helpers, signals and typed errors, run once per database by describeDatabases(). */
export function writeSuite(vendor: Vendor): void {
  beforeEach(async () => {
    await Book.objects.delete();
    await Ordered.objects.delete();
    await Member.objects.delete();
  });

  describe(`${vendor}: aggregates and annotations`, () => {
    beforeEach(seed);

    test('aggregate() computes Sum, Avg, Min, Max, Count', async () => {
      const result = await Book.objects.aggregate({ total: Sum('price'), mean: Avg('price'), low: Min('price'), high: Max('price'), n: Count(), rated: Count('rating'), kinds: Count('published', { distinct: true }) });
      expect(result).toEqual({ total: 105, mean: 17.5, low: 5, high: 30, n: 6, rated: 5, kinds: 2 });
      expect(await Book.objects.filter({ price__gt: 100 }).aggregate({ total: Sum('price'), n: Count() })).toEqual({ total: null, n: 0 });
      expect(await Book.objects.orderBy('price').slice(0, 2).aggregate({ total: Sum('price') })).toEqual({ total: 15 });
    });

    test('values().annotate() groups; annotations order and filter (HAVING)', async () => {
      const grouped = await Book.objects.values('published').annotate({ n: Count('id'), total: Sum('price') }).orderBy('published');
      expect(grouped).toEqual([{ published: false, n: 4, total: 55 }, { published: true, n: 2, total: 50 }]);
      const big = await Book.objects.values('published').annotate({ n: Count('id') }).filter({ n__gt: 2 });
      expect(big).toEqual([{ published: false, n: 4 }]);
      const doubled = await Book.objects.annotate({ double: F('price').mul(2) }).orderBy('-double').slice(0, 1);
      expect(doubled[0]?.double).toBe(60);
    });
  });

  describe(`${vendor}: creation helpers`, () => {
    test('getOrCreate() gets an existing row or creates one from the lookup and defaults', async () => {
      const [made, created] = await Book.objects.getOrCreate({ title: 'New' }, { defaults: { price: 9 } });
      expect([created, made.price]).toEqual([true, 9]);
      const [found, createdAgain] = await Book.objects.getOrCreate({ title__iexact: 'NEW' }, { defaults: { price: 1 } });
      expect([createdAgain, found.id]).toEqual([false, made.id]);
      await expect(Book.objects.getOrCreate({ title: 'x' }, { defaults: { bogus: 1 } })).rejects.toThrow(/bogus/);
    });

    test('updateOrCreate() updates the matching row or creates it', async () => {
      const [book, created] = await Book.objects.updateOrCreate({ title: 'U' }, { defaults: { price: 1 } });
      expect(created).toBe(true);
      const [same, createdAgain] = await Book.objects.updateOrCreate({ title: 'U' }, { defaults: { price: 2 } });
      expect([createdAgain, same.id, same.price]).toEqual([false, book.id, 2]);
      expect((await Book.objects.get({ title: 'U' })).price).toBe(2);
      const [other] = await Book.objects.updateOrCreate({ title: 'V' }, { defaults: { price: 2 }, createDefaults: { price: 3 } });
      expect(other.price).toBe(3);
    });

    test('bulkCreate() inserts in batches and sets the pks the database returns', async () => {
      const books = Array.from({ length: 25 }, (_, i) => new Book({ title: `b${i}`, price: i }));
      const { queries } = await captureQueries(() => Book.objects.bulkCreate(books, { batchSize: 10 }));
      expect(queries.filter((q) => /^insert/i.test(q))).toHaveLength(3);
      expect(await Book.objects.count()).toBe(25);
      if (connections.get().features.supportsReturning) {
        const byTitle = await Book.objects.inBulk(books.map((b) => b.id));
        expect(books.every((b) => byTitle.get(b.id)?.title === b.title)).toBe(true);
      }
      expect(books.every((b) => !b._state.adding)).toBe(true);
      expect(await Book.objects.bulkCreate([])).toEqual([]);
    });

    test('a unique violation is an IntegrityError and bulkCreate() leaves nothing half-written', async () => {
      await Member.objects.create({ email: 'dup@x' });
      await expect(Member.objects.create({ email: 'dup@x' })).rejects.toBeInstanceOf(IntegrityError);
      const batch = [new Member({ email: 'one@x' }), new Member({ email: 'two@x' }), new Member({ email: 'dup@x' })];
      await expect(Member.objects.bulkCreate(batch, { batchSize: 1 })).rejects.toBeInstanceOf(IntegrityError);
      expect(await Member.objects.valuesList('email', { flat: true })).toEqual(['dup@x']);
    });

    test('bulkCreate() with ignoreConflicts skips rows breaking a unique constraint', async () => {
      await Member.objects.create({ email: 'taken@x' });
      await Member.objects.bulkCreate([new Member({ email: 'taken@x' }), new Member({ email: 'free@x' })], { ignoreConflicts: true });
      expect(await Member.objects.orderBy('email').valuesList('email', { flat: true })).toEqual(['free@x', 'taken@x']);
    });

    test('getOrCreate() re-raises a unique violation on a row the lookup does not match, in a savepoint', async () => {
      await Member.objects.create({ email: 'race@x', active: true });
      const count = await atomic(async () => {
        await expect(Member.objects.getOrCreate({ email: 'race@x', active: false })).rejects.toBeInstanceOf(IntegrityError);
        // The failed INSERT was rolled back to its savepoint: the transaction still works.
        return Member.objects.count();
      });
      expect(count).toBe(1);
    });

    test('inBulk() maps a unique field to instances and refuses a non-unique one', async () => {
      const [a, b] = await Member.objects.bulkCreate([new Member({ email: 'a@x' }), new Member({ email: 'b@x' })]);
      void a; void b;
      const byEmail = await Member.objects.inBulk(['a@x', 'zz'], { fieldName: 'email' });
      expect([...byEmail.keys()]).toEqual(['a@x']);
      expect((await Member.objects.inBulk([])).size).toBe(0);
      await expect(Book.objects.inBulk([1], { fieldName: 'title' })).rejects.toThrow(/unique/);
    });

    test('a custom Manager subclass adds table-level methods', async () => {
      const member = await Member.objects.createMember('  Ann@Example.COM ');
      expect(member.email).toBe('ann@example.com');
      await Member.objects.create({ email: 'idle@x' });
      expect((await Member.objects.active()).map((m) => m.email)).toEqual(['ann@example.com']);
      expect(Member.objects).toBe(Member.objects);
    });
  });

  describe(`${vendor}: signals`, () => {
    test('pre_save and post_save get Django\'s arguments', async () => {
      const calls: Array<Record<string, unknown>> = [];
      const record = (args: Record<string, unknown>) => void calls.push({ ...args });
      preSave.connect(record, { sender: Book });
      postSave.connect(record, { sender: Book });
      try {
        const book = await Book.objects.create({ title: '测试信号-书', price: 1 });
        book.price = 2;
        await book.save({ updateFields: ['price'] });
        expect(calls).toEqual([
          { signal: preSave, sender: Book, instance: book, raw: false, using: 'default', updateFields: null },
          { signal: postSave, sender: Book, instance: book, created: true, raw: false, using: 'default', updateFields: null },
          { signal: preSave, sender: Book, instance: book, raw: false, using: 'default', updateFields: ['price'] },
          { signal: postSave, sender: Book, instance: book, created: false, raw: false, using: 'default', updateFields: ['price'] },
        ]);
      } finally {
        preSave.disconnect(record, { sender: Book });
        postSave.disconnect(record, { sender: Book });
      }
    });

    test('QuerySet.delete() sends pre_delete then post_delete for each row and counts per label', async () => {
      await seed();
      const events: string[] = [];
      const pre = ({ instance, using }: { instance: unknown; using: string }) => void events.push(`pre ${(instance as Book).title} ${using}`);
      const post = ({ instance, origin }: { instance: unknown; origin: unknown }) => void events.push(`post ${(instance as Book).pk !== null} ${origin !== undefined}`);
      preDelete.connect(pre, { sender: Book });
      postDelete.connect(post, { sender: Book });
      try {
        expect(await Book.objects.filter({ price__lt: 15 }).delete()).toEqual([2, { 'qtest.Book': 2 }]);
        expect(events.sort()).toEqual(['post true true', 'post true true', 'pre 100% pure_fun default', 'pre back\\slash default']);
        expect(await Book.objects.filter({ price__lt: 0 }).delete()).toEqual([0, {}]);
      } finally {
        preDelete.disconnect(pre, { sender: Book });
        postDelete.disconnect(post, { sender: Book });
      }
      expect(await Book.objects.delete()).toEqual([4, { 'qtest.Book': 4 }]);
    });
  });

  describe(`${vendor}: typed errors`, () => {
    beforeEach(seed);

    test('get() raises the model\'s own DoesNotExist and MultipleObjectsReturned', async () => {
      const missing = await Book.objects.get({ title: 'nope' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(Book.DoesNotExist);
      expect(missing).toBeInstanceOf(ObjectDoesNotExist);
      expect((missing as Error).message).toBe('Book matching query does not exist.');
      const many = await Book.objects.get({ published: true }).catch((e: unknown) => e);
      expect(many).toBeInstanceOf(Book.MultipleObjectsReturned);
      expect(many).toBeInstanceOf(MultipleObjectsReturned);
      expect((many as Error).message).toBe('get() returned more than one Book -- it returned 2!');
      expect(Ordered.DoesNotExist).not.toBe(Book.DoesNotExist);
    });

    test('an unknown field names the model, the field and the choices', () => {
      expect(() => Book.objects.filter({ titel: 'x' } as never)).toThrow(FieldDoesNotExist);
      expect(() => Book.objects.filter({ titel: 'x' } as never)).toThrow("Cannot resolve keyword 'titel' into a field of Book. Choices are: id, title, price, rating, published, note, pk.");
      expect(() => Book.objects.orderBy('-nope' as never)).toThrow(/'nope'.*Book/);
      expect(() => Book.objects.values('nope' as never)).toThrow(FieldDoesNotExist);
    });

    test('an unknown lookup names the field and the valid lookups', () => {
      expect(() => Book.objects.filter({ title__like: 'x' })).toThrow(FieldDoesNotExist);
      expect(() => Book.objects.filter({ title__like: 'x' })).toThrow(/Unsupported lookup 'like' for Book\.title \(CharField\).*Valid lookups: exact, iexact/);
    });

    test('a value of the wrong type is a ValidationError naming the field', async () => {
      const error = (() => {
        try {
          Book.objects.filter({ price__gt: 'abc' });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).errors)).toEqual(['price']);
      expect(() => Book.objects.filter({ price__in: 5 })).toThrow(ValidationError);
      expect(() => Book.objects.filter({ note__isnull: 'yes' })).toThrow(/isnull/);
      expect(() => Book.objects.filter({ price__range: [1] })).toThrow(/range/);
      expect(() => Book.objects.filter({ title__contains: null })).toThrow(ValidationError);
      await expect(Book.objects.update({ price: 'many' as never })).rejects.toBeInstanceOf(ValidationError);
    });

    test('a failed query is not cached: awaiting the QuerySet again retries', async () => {
      const qs = Book.objects.filter({ title__regex: '^D' });
      if (vendor === 'sqlite') {
        await expect(qs).rejects.toBeInstanceOf(NotSupportedError);
        await expect(qs).rejects.toBeInstanceOf(NotSupportedError);
      } else {
        expect((await qs).length).toBe(1);
      }
    });

    test('hostile values are parameters, never SQL', async () => {
      const hostile = "x'); DROP TABLE qtest_book; --";
      expect(await Book.objects.filter({ title: hostile }).count()).toBe(0);
      expect(await Book.objects.filter({ title__icontains: hostile }).count()).toBe(0);
      await Book.objects.create({ title: hostile, price: 1 });
      expect((await Book.objects.get({ title__startswith: "x');" })).title).toBe(hostile);
      expect(await Book.objects.count()).toBe(7);
    });
  });
}
