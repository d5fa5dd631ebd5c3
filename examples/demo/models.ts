import { defineModel, fields } from '../../src/db/index.js';

/** Seed 002's paginated book list: 100 books made by the data migration. */
export class Book extends defineModel('demo.Book', {
  title: fields.CharField({ maxLength: 64 }),
  price: fields.IntegerField(),
}) {}

/** Seed 000/003's `UserInfo.objects.create(name=..., pwd=...)`. */
export class UserInfo extends defineModel('demo.UserInfo', {
  name: fields.CharField({ maxLength: 32 }),
  pwd: fields.CharField({ maxLength: 64 }),
}) {}
