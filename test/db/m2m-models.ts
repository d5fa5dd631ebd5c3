import { fields } from '../../src/db/fields/index.js';
import { defineModel } from '../../src/db/models/define.js';
import type { ManyRelatedManager } from '../../src/db/query/many-related-manager.js';
import type { Manager } from '../../src/db/query/manager.js';
import type { RelatedManager } from '../../src/db/query/related-manager.js';

/** The models the many-to-many suites run on: writers, novels with genres, people who follow people. */
export class Writer extends defineModel('mtest.Writer', { name: fields.CharField({ maxLength: 30 }) }) {
  declare static readonly objects: Manager<Writer>;
  declare readonly novel_set: RelatedManager<Novel>;
}

export class Genre extends defineModel('mtest.Genre', { name: fields.CharField({ maxLength: 30 }) }, { ordering: ['name'] }) {
  declare static readonly objects: Manager<Genre>;
  declare readonly novel_set: ManyRelatedManager<Novel>;
}

export class Novel extends defineModel('mtest.Novel', {
  title: fields.CharField({ maxLength: 30 }),
  writer: fields.ForeignKey(Writer, { onDelete: 'CASCADE', null: true }),
  genres: fields.ManyToManyField(Genre),
  awards: fields.ManyToManyField('mtest.Genre', { relatedName: 'awarded', dbTable: 'mtest_prizes' }),
}) {
  declare static readonly objects: Manager<Novel>;
}

export class Person extends defineModel('mtest.Person', {
  name: fields.CharField({ maxLength: 30 }),
  follows: fields.ManyToManyField('self', { symmetrical: false }),
  friends: fields.ManyToManyField('self'),
}) {
  declare static readonly objects: Manager<Person>;
  declare readonly person_set: ManyRelatedManager<Person>;
}

export const M2M_MODELS = [Writer, Genre, Novel, Person] as const;
