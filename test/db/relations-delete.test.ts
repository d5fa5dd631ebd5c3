import { afterEach, expect, test } from 'vitest';
import { IntegrityError, ProtectedError, RestrictedError } from '../../src/db/errors.js';
import type { Model } from '../../src/db/models/model.js';
import { postDelete, preDelete } from '../../src/db/signals.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { Author, Book, Critic, Loan, Profile, Publisher, RELATION_MODELS, Review, Tag } from './relation-models.js';

type Event = { signal: unknown; sender: unknown; instance: Model; using: string; origin: unknown };
const events: string[] = [];
const origins: unknown[] = [];
const record = (name: string) => ({ instance, using, origin, sender }: Event) => {
  events.push(`${name} ${(sender as { name: string }).name} ${String((instance as unknown as { title?: string; name?: string }).title ?? (instance as unknown as { name?: string }).name ?? instance.pk)} ${using}`);
  origins.push(origin);
};
const pre = record('pre');
const post = record('post');

await describeDatabases(
  'Deleting across relations (onDelete)',
  () => {
    afterEach(() => {
      preDelete.disconnect(pre);
      preDelete.disconnect(pre, { sender: Book });
      postDelete.disconnect(post);
      events.length = 0;
      origins.length = 0;
    });

    test('CASCADE deletes dependants first, sends pre/post_delete for each with the origin, counts per label', async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const dune = await Book.objects.create({ title: 'Dune', author: ann });
      await Book.objects.create({ title: 'Emma', author: ann });
      await Review.objects.create({ book: dune, stars: 4 });
      await Profile.objects.create({ author: ann });
      preDelete.connect(pre);
      postDelete.connect(post);
      const result = await ann.delete();
      expect(result).toEqual([5, { 'rtest.Review': 1, 'rtest.Book': 2, 'rtest.Profile': 1, 'rtest.Author': 1 }]);
      expect(events.filter((e) => e.startsWith('pre')), events.join('; ')).toHaveLength(5);
      expect(events.filter((e) => e.startsWith('post'))).toHaveLength(5);
      // Every pre_delete comes before any post_delete, and reviews go before their books.
      expect(events.slice(0, 5).every((e) => e.startsWith('pre'))).toBe(true);
      expect(events.findIndex((e) => e.startsWith('post Review'))).toBeLessThan(events.indexOf('post Book Dune default'));
      expect(origins.every((o) => o === ann)).toBe(true);
      expect(ann.pk).toBeNull();
      expect(await Book.objects.count()).toBe(0);
      expect(await Review.objects.count()).toBe(0);
    });

    test("a cascaded row's pre_delete/post_delete carry Django's arguments: signal, sender, instance, using, origin", async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const dune = await Book.objects.create({ title: 'Dune', author: ann });
      const calls: Array<Record<string, unknown>> = [];
      const receiver = (args: Record<string, unknown>) => void calls.push(args);
      preDelete.connect(receiver, { sender: Book });
      postDelete.connect(receiver, { sender: Book });
      try {
        await ann.delete();
      } finally {
        preDelete.disconnect(receiver, { sender: Book });
        postDelete.disconnect(receiver, { sender: Book });
      }
      expect(calls).toHaveLength(2);
      expect(Object.keys(calls[0]!).sort()).toEqual(['instance', 'origin', 'sender', 'signal', 'using']);
      expect(calls[0]).toMatchObject({ signal: preDelete, sender: Book, using: 'default', origin: ann });
      expect(calls[1]).toMatchObject({ signal: postDelete, sender: Book, using: 'default', origin: ann });
      expect((calls[0]!.instance as Book).title).toBe('Dune');
      expect((calls[0]!.instance as Book).model.meta).toBe(Book.meta);
      expect(calls[1]!.instance).toBe(calls[0]!.instance);
      expect(dune.pk).not.toBeNull();
    });

    test('QuerySet.delete() cascades too, with the QuerySet as origin', async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const bob = await Author.objects.create({ name: 'Bob' });
      await Book.objects.create({ title: 'Dune', author: ann });
      await Book.objects.create({ title: 'Faust', author: bob });
      preDelete.connect(pre, { sender: Book });
      const qs = Author.objects.filter({ name: 'Ann' });
      expect(await qs.delete()).toEqual([2, { 'rtest.Book': 1, 'rtest.Author': 1 }]);
      expect(events).toEqual(['pre Book Dune default']);
      expect(origins).toEqual([qs]);
      expect(await Book.objects.valuesList('title', { flat: true })).toEqual(['Faust']);
    });

    test('PROTECT raises ProtectedError naming the field and holding the objects; nothing is deleted', async () => {
      const acme = await Publisher.objects.create({ name: 'Acme' });
      const ann = await Author.objects.create({ name: 'Ann', publisher: acme });
      const error = await acme.delete().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProtectedError);
      expect((error as ProtectedError).message).toBe(
        "Cannot delete some instances of model 'Publisher' because they are referenced through protected foreign keys: 'Author.publisher'.",
      );
      expect((error as ProtectedError).protectedObjects.map((o) => (o as Model).pk)).toEqual([ann.pk]);
      expect(await Publisher.objects.count()).toBe(1);
      await expect(Publisher.objects.delete()).rejects.toThrow(ProtectedError);
    });

    test('RESTRICT refuses a direct delete but yields to a cascade that also deletes the restricting rows', async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const dune = await Book.objects.create({ title: 'Dune', author: ann });
      await Loan.objects.create({ book: dune, author: ann });
      await expect(dune.delete()).rejects.toThrow(RestrictedError);
      await expect(dune.delete()).rejects.toThrow("referenced through restricted foreign keys: 'Loan.book'");
      expect(await ann.delete()).toEqual([3, { 'rtest.Loan': 1, 'rtest.Book': 1, 'rtest.Author': 1 }]);
    });

    test('SET_NULL and SET_DEFAULT update the pointing rows (and loaded instances); self-references too', async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const bob = await Author.objects.create({ name: 'Bob', mentor: ann });
      const cy = await Author.objects.create({ name: 'Cy' });
      const book = await Book.objects.create({ title: 'Dune', author: cy, editor: ann });
      await Tag.objects.create({ label: 'x', owner: ann });
      expect(await ann.delete()).toEqual([1, { 'rtest.Author': 1 }]);
      await bob.refreshFromDb();
      await book.refreshFromDb();
      expect(bob.mentor_id).toBeNull();
      expect(book.editor_id).toBeNull();
      expect(await Tag.objects.filter({ owner__isnull: true }).count()).toBe(1);
    });

    test('DO_NOTHING leaves the database to refuse the delete (IntegrityError)', async () => {
      const ann = await Author.objects.create({ name: 'Ann' });
      const dune = await Book.objects.create({ title: 'Dune', author: ann });
      const kim = await Critic.objects.create({ name: 'Kim' });
      await Review.objects.create({ book: dune, stars: 1, critic: kim });
      await expect(kim.delete()).rejects.toThrow(IntegrityError);
      expect(await Critic.objects.count()).toBe(1);
    });

    test('a failing cascade rolls back every part of the delete (one atomic block)', async () => {
      const acme = await Publisher.objects.create({ name: 'Acme' });
      const ann = await Author.objects.create({ name: 'Ann' });
      await Author.objects.create({ name: 'Bob', publisher: acme });
      const dune = await Book.objects.create({ title: 'Dune', author: ann });
      const kim = await Critic.objects.create({ name: 'Kim' });
      await Review.objects.create({ book: dune, stars: 1, critic: kim });
      // The critic's review blocks (DO_NOTHING), so deleting both critics and authors fails as a whole.
      await expect(Critic.objects.all().delete()).rejects.toThrow(IntegrityError);
      expect(await Critic.objects.count()).toBe(1);
      expect(await Book.objects.count()).toBe(1);
    });
  },
  { models: () => RELATION_MODELS, flush: true },
);
