import { fields } from '../../src/db/fields/index.js';
import { defineModel } from '../../src/db/models/define.js';
import type { Manager } from '../../src/db/query/manager.js';
import type { RelatedManager } from '../../src/db/query/related-manager.js';

/** The models the relation suites run on: publishers, authors, books, reviews, profiles. */
export class Publisher extends defineModel('rtest.Publisher', { name: fields.CharField({ maxLength: 50 }) }, { dbTable: 'rtest_publisher' }) {}

export class Author extends defineModel(
  'rtest.Author',
  {
    name: fields.CharField({ maxLength: 50 }),
    publisher: fields.ForeignKey(Publisher, { onDelete: 'PROTECT', null: true }),
    mentor: fields.ForeignKey('self', { onDelete: 'SET_NULL', null: true, relatedName: 'pupils' }),
  },
  { dbTable: 'rtest_author' },
) {
  // Reverse accessors are added when the pointing models are defined; the class declares their types.
  declare static readonly objects: Manager<Author>;
  declare readonly book_set: RelatedManager<Book>;
  declare readonly edited: RelatedManager<Book>;
  declare readonly pupils: RelatedManager<Author>;
  declare readonly tags: RelatedManager<Tag>;
}

export class Book extends defineModel(
  'rtest.Book',
  {
    title: fields.CharField({ maxLength: 64 }),
    author: fields.ForeignKey(Author, { onDelete: 'CASCADE' }),
    editor: fields.ForeignKey('rtest.Author', { onDelete: 'SET_NULL', null: true, relatedName: 'edited' }),
  },
  { dbTable: 'rtest_book' },
) {}

/** Points at a model defined after it, by label. */
export class Review extends defineModel(
  'rtest.Review',
  { book: fields.ForeignKey('rtest.Book', { onDelete: 'CASCADE' }), stars: fields.IntegerField(), critic: fields.ForeignKey('rtest.Critic', { onDelete: 'DO_NOTHING', null: true }) },
  { dbTable: 'rtest_review' },
) {}

export class Critic extends defineModel('rtest.Critic', { name: fields.CharField({ maxLength: 50 }) }, { dbTable: 'rtest_critic' }) {}

export class Profile extends defineModel(
  'rtest.Profile',
  { author: fields.OneToOneField(Author, { onDelete: 'CASCADE' }), bio: fields.TextField({ default: '' }) },
  { dbTable: 'rtest_profile' },
) {}

/** RESTRICT: a loan blocks deleting its book, unless the book goes through a cascade from its author. */
export class Loan extends defineModel(
  'rtest.Loan',
  { book: fields.ForeignKey(Book, { onDelete: 'RESTRICT' }), author: fields.ForeignKey(Author, { onDelete: 'CASCADE' }) },
  { dbTable: 'rtest_loan' },
) {}

/** SET_DEFAULT to a fallback author id. */
export class Tag extends defineModel(
  'rtest.Tag',
  { label: fields.CharField({ maxLength: 20 }), owner: fields.ForeignKey(Author, { onDelete: 'SET_DEFAULT', null: true, default: null, relatedName: 'tags' }) },
  { dbTable: 'rtest_tag' },
) {}

export const RELATION_MODELS = [Publisher, Author, Book, Critic, Review, Profile, Loan, Tag] as const;
