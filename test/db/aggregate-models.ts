import { fields } from '../../src/db/fields/index.js';
import { defineModel } from '../../src/db/models/define.js';
import type { Manager } from '../../src/db/query/manager.js';

/** The models the aggregates-across-relations suite runs on: authors, priced books, shelves (many-to-many). */
export class Scribe extends defineModel('agtest.Scribe', { name: fields.CharField({ maxLength: 30 }), age: fields.IntegerField({ default: 0 }) }) {
  declare static readonly objects: Manager<Scribe>;
}

export class Shelf extends defineModel('agtest.Shelf', { label: fields.CharField({ maxLength: 30 }) }) {
  declare static readonly objects: Manager<Shelf>;
}

export class Volume extends defineModel('agtest.Volume', {
  title: fields.CharField({ maxLength: 30 }),
  price: fields.IntegerField(),
  scribe: fields.ForeignKey(Scribe, { onDelete: 'CASCADE' }),
  shelves: fields.ManyToManyField(Shelf),
}) {
  declare static readonly objects: Manager<Volume>;
}

export const AGGREGATE_MODELS = [Scribe, Shelf, Volume] as const;
