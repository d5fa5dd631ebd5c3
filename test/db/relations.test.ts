import { expect, test } from 'vitest';
import { FieldDoesNotExist, IntegrityError, NotSupportedError, RelatedObjectNotLoaded, UnsavedRelatedObjectError } from '../../src/db/errors.js';
import { captureQueries } from '../../src/db/query/execute.js';
import { Q } from '../../src/db/query/q.js';
import { atomic } from '../../src/db/transaction.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { Author, Book, Critic, Profile, Publisher, RELATION_MODELS, Review } from './relation-models.js';

async function library() {
  const acme = await Publisher.objects.create({ name: 'Acme' });
  const ann = await Author.objects.create({ name: 'Ann', publisher: acme });
  const bob = await Author.objects.create({ name: 'Bob', mentor: ann });
  const cy = await Author.objects.create({ name: 'Cy' });
  const dune = await Book.objects.create({ title: 'Dune', author: ann, editor: bob });
  const emma = await Book.objects.create({ title: 'Emma', author: ann });
  const faust = await Book.objects.create({ title: 'Faust', author: bob, editor: ann });
  return { acme, ann, bob, cy, dune, emma, faust };
}

const titles = (books: readonly Book[]) => books.map((b) => b.title).sort();

await describeDatabases(
  'ForeignKey and OneToOneField',
  () => {
    test('book.author_id is the key; book.author is the assigned or loaded instance, else RelatedObjectNotLoaded', async () => {
      const { ann, dune } = await library();
      expect(dune.author_id).toBe(ann.pk);
      expect(dune.author).toBe(ann);
      const fresh = await Book.objects.get({ title: 'Dune' });
      expect(() => fresh.author).toThrow(RelatedObjectNotLoaded);
      expect(() => fresh.author).toThrow("Book.author is not loaded; use `await book.load('author')` or `Book.objects.selectRelated('author')`.");
      const loaded = await fresh.load('author');
      expect(loaded.name).toBe('Ann');
      expect(fresh.author).toBe(loaded);
      // A changed key makes the cached object stale.
      fresh.author_id = (await Author.objects.get({ name: 'Bob' })).id;
      expect(() => fresh.author).toThrow(RelatedObjectNotLoaded);
    });

    test('a null key reads as null, assigning null clears it, and save() writes the key', async () => {
      const { bob, emma } = await library();
      expect(emma.editor).toBeNull();
      emma.editor = bob;
      await emma.save();
      const again = await Book.objects.get({ pk: emma.pk });
      expect(again.editor_id).toBe(bob.pk);
      again.editor = null;
      expect(again.editor_id).toBeNull();
      await again.save();
      expect(await Book.objects.filter({ editor__isnull: true }).count()).toBe(1);
    });

    test('bad input: wrong model is a TypeError, an unsaved related object refuses save(), a missing row is IntegrityError', async () => {
      const { acme, ann } = await library();
      const book = new Book({ title: 'X' });
      expect(() => ((book as unknown as { author: unknown }).author = acme)).toThrow("Cannot assign a Publisher instance to Book.author: it must be a Author instance.");
      expect(() => new Book({ title: 'X', author: 3 as never })).toThrow(TypeError);
      const ghost = new Author({ name: 'Ghost' });
      book.author = ghost;
      await expect(book.save()).rejects.toThrow(UnsavedRelatedObjectError);
      await expect(book.save()).rejects.toThrow("save() prohibited to prevent data loss due to unsaved related object 'author'");
      await ghost.save();
      await book.save();
      expect(book.author_id).toBe(ghost.pk);
      await expect(Book.objects.create({ title: 'Y', author_id: 999_999 })).rejects.toThrow(IntegrityError);
      await expect(Book.objects.create({ title: 'Z', author_id: ann.id })).resolves.toBeInstanceOf(Book);
      // Inside atomic() too (PostgreSQL checks its deferred constraints at the commit).
      await expect(atomic(() => Book.objects.create({ title: 'W', author_id: 999_998 }))).rejects.toThrow(IntegrityError);
      expect(await Book.objects.filter({ title: 'W' }).count()).toBe(0);
    });

    test('author.book_set is a manager filtered to the author, with create/add/remove/clear/set', async () => {
      const { ann, bob, cy, dune, emma, faust } = await library();
      expect(titles(await ann.book_set.all())).toEqual(['Dune', 'Emma']);
      expect(await ann.book_set.filter({ title__startswith: 'D' }).count()).toBe(1);
      const gone = await cy.book_set.create({ title: 'Gone' });
      expect(gone.author_id).toBe(cy.pk);
      await cy.book_set.add(dune);
      expect(dune.author_id).toBe(cy.pk);
      expect(titles(await cy.book_set.all())).toEqual(['Dune', 'Gone']);
      await expect(cy.book_set.remove(dune)).rejects.toThrow(NotSupportedError);
      await expect(cy.book_set.add(new Book({ title: 'new' }))).rejects.toThrow(UnsavedRelatedObjectError);
      // editor is nullable: remove, clear and set work.
      await bob.edited.add(emma, faust);
      expect(titles(await bob.edited.all())).toEqual(['Dune', 'Emma', 'Faust']);
      await bob.edited.remove(faust);
      expect(titles(await bob.edited.all())).toEqual(['Dune', 'Emma']);
      await bob.edited.set([faust, emma]);
      expect(titles(await bob.edited.all())).toEqual(['Emma', 'Faust']);
      await bob.edited.clear();
      expect(await bob.edited.count()).toBe(0);
      expect(await Book.objects.count()).toBe(4);
    });

    test('OneToOneField: unique, the reverse side is one object loaded with load()', async () => {
      const { ann, bob } = await library();
      const profile = await Profile.objects.create({ author: ann, bio: 'hi' });
      // Assigning the forward side caches the reverse side too.
      expect((ann as unknown as { profile: Profile }).profile).toBe(profile);
      await expect(Profile.objects.create({ author: ann })).rejects.toThrow(IntegrityError);
      const fresh = await Author.objects.get({ pk: ann.pk });
      expect(() => (fresh as unknown as { profile: unknown }).profile).toThrow(RelatedObjectNotLoaded);
      const loaded = await fresh.load('profile');
      expect(loaded.pk).toBe(profile.pk);
      expect((fresh as unknown as { profile: Profile }).profile).toBe(loaded);
      await expect(bob.load('profile')).rejects.toThrow(Profile.DoesNotExist);
      expect(() => (bob as unknown as { profile: unknown }).profile).toThrow(Profile.DoesNotExist);
      await expect(bob.load('nothing' as never)).rejects.toThrow(FieldDoesNotExist);
      const withAuthor = await Profile.objects.selectRelated('author').get({ pk: profile.pk });
      expect(withAuthor.author.name).toBe('Ann');
    });

    test('lookups across relations: forward paths, instances, keys, in, isnull and chains', async () => {
      const { ann, bob } = await library();
      expect(titles(await Book.objects.filter({ author__name__icontains: 'AN' }))).toEqual(['Dune', 'Emma']);
      expect(titles(await Book.objects.filter({ author: bob }))).toEqual(['Faust']);
      expect(titles(await Book.objects.filter({ author_id: bob.id }))).toEqual(['Faust']);
      expect(titles(await Book.objects.filter({ author__id: bob.id }))).toEqual(['Faust']);
      expect(titles(await Book.objects.filter({ author__in: [ann, bob] }))).toEqual(['Dune', 'Emma', 'Faust']);
      expect(titles(await Book.objects.filter({ editor__isnull: true }))).toEqual(['Emma']);
      expect(titles(await Book.objects.filter({ author__publisher__name: 'Acme' }))).toEqual(['Dune', 'Emma']);
      expect(titles(await Book.objects.filter({ author__mentor__name: 'Ann' }))).toEqual(['Faust']);
      expect(titles(await Book.objects.filter(Q({ editor__name: 'Ann' }).or(Q({ title: 'Emma' }))))).toEqual(['Emma', 'Faust']);
      // A NULL editor matches isnull across the relation and survives exclude(), as Django's LEFT JOIN.
      expect(titles(await Book.objects.filter({ editor__name__isnull: true }))).toEqual(['Emma']);
      expect(titles(await Book.objects.exclude({ editor__name: 'Bob' }))).toEqual(['Emma', 'Faust']);
      expect(() => Book.objects.filter({ author: new Publisher({ name: 'x' }) as never })).toThrow(TypeError);
      expect(() => Book.objects.filter({ author__nope: 1 } as never)).toThrow(FieldDoesNotExist);
    });

    test('reverse lookups: book__title, relatedName, isnull, exclude', async () => {
      const { dune } = await library();
      const names = (authors: readonly Author[]) => authors.map((a) => a.name).sort();
      expect(names(await Author.objects.filter({ book__title: 'Dune' }))).toEqual(['Ann']);
      expect(names(await Author.objects.exclude({ book__title: 'Emma' }))).toEqual(['Bob', 'Cy']);
      expect(names(await Author.objects.filter(Q({ book: dune })))).toEqual(['Ann']);
      expect(names(await Author.objects.filter(Q({ book__title: 'Faust' }).or(Q({ name: 'Cy' }))))).toEqual(['Bob', 'Cy']);
      expect(names(await Author.objects.exclude(Q({ book__isnull: true })).distinct())).toEqual(['Ann', 'Bob']);
      // A reverse filter JOINs, as Django's: one row per matching book unless distinct().
      const many = Author.objects.filter({ book__title__in: ['Dune', 'Emma', 'Faust'] });
      expect(names(await many)).toEqual(['Ann', 'Ann', 'Bob']);
      expect(await many.count()).toBe(3);
      expect(names(await many.distinct())).toEqual(['Ann', 'Bob']);
      expect(await many.distinct().count()).toBe(2);
      expect(names(await Author.objects.filter({ book__in: [dune] }))).toEqual(['Ann']);
      // Conditions in one filter() call must hold for the same book; separate calls may match different books.
      expect(names(await Author.objects.filter({ book__title: 'Dune', book__title__startswith: 'E' }))).toEqual([]);
      expect(names(await Author.objects.filter({ book__title: 'Dune' }).filter({ book__title__startswith: 'E' }))).toEqual(['Ann']);
      expect(names(await Author.objects.filter({ book__isnull: true }))).toEqual(['Cy']);
      expect(names(await Author.objects.filter({ edited__title: 'Dune' }))).toEqual(['Bob']);
      expect(names(await Author.objects.filter({ pupils__name: 'Bob' }))).toEqual(['Ann']);
      expect((await Publisher.objects.filter({ author__book__title: 'Emma' })).map((p) => p.name)).toEqual(['Acme']);
      // Writes through such a filter touch each row once.
      expect(await Author.objects.filter({ book__title__in: ['Dune', 'Emma'] }).update({ name: 'Anna' })).toBe(1);
      expect(await Author.objects.filter({ book__title__in: ['Dune', 'Emma'] }).delete()).toEqual([3, { 'rtest.Book': 2, 'rtest.Author': 1 }]);
    });

    test('selectRelated: N books with their authors and publishers cost one query', async () => {
      await library();
      const { result, queries } = await captureQueries(async () => {
        const books = await Book.objects.selectRelated('author__publisher', 'editor').orderBy('title');
        return books.map((b) => [b.title, b.author.name, b.author.publisher?.name ?? null, b.editor?.name ?? null]);
      });
      expect(queries).toHaveLength(1);
      expect(result).toEqual([
        ['Dune', 'Ann', 'Acme', 'Bob'],
        ['Emma', 'Ann', 'Acme', null],
        ['Faust', 'Bob', null, 'Ann'],
      ]);
      expect(() => Book.objects.selectRelated('title')).toThrow(FieldDoesNotExist);
      // No names: every non-null relation (author, not the nullable editor), in one query too.
      const { result: all, queries: one } = await captureQueries(async () => (await Book.objects.selectRelated().orderBy('title')).map((b) => b.author.name));
      expect([all, one.length]).toEqual([['Ann', 'Ann', 'Bob'], 1]);
      const mentored = await Author.objects.selectRelated('mentor').get({ name: 'Bob' });
      expect(mentored.mentor?.name).toBe('Ann');
    });

    test("orderBy('author__name') and values('author__name') join the related table (LEFT JOIN keeps null keys)", async () => {
      await library();
      expect(await Book.objects.orderBy('-author__name', 'title').valuesList('title', { flat: true })).toEqual(['Faust', 'Dune', 'Emma']);
      expect(await Book.objects.orderBy('title').values('title', 'author__name', 'editor__name')).toEqual([
        { title: 'Dune', author__name: 'Ann', editor__name: 'Bob' },
        { title: 'Emma', author__name: 'Ann', editor__name: null },
        { title: 'Faust', author__name: 'Bob', editor__name: 'Ann' },
      ]);
      expect(await Book.objects.orderBy('title').valuesList('author__publisher__name', { flat: true })).toEqual(['Acme', 'Acme', null]);
      // A reverse path joins many rows per author, as Django's does.
      expect(await Author.objects.filter({ name: 'Ann' }).orderBy('book__title').valuesList('book__title', { flat: true })).toEqual(['Dune', 'Emma']);
      expect(() => Book.objects.orderBy('author__nope')).toThrow(FieldDoesNotExist);
      expect(() => Book.objects.values('author__nope')).toThrow(/Cannot resolve keyword 'nope' into a field of Author/);
    });

    test('a model may point at one defined after it, by label', async () => {
      const { dune } = await library();
      const critic = await Critic.objects.create({ name: 'Kim' });
      const review = await Review.objects.create({ book: dune, stars: 5, critic });
      expect((await Review.objects.selectRelated('book__author', 'critic').get({ pk: review.pk })).book.author.name).toBe('Ann');
      expect(await Review.objects.filter({ book__author__name: 'Ann', critic__name: 'Kim' }).count()).toBe(1);
    });
  },
  { models: () => RELATION_MODELS, flush: true },
);
