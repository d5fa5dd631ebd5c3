import { afterAll, beforeAll, expect, test } from 'vitest';
import { configureSettings, overrideSettings, settingsConfigured } from '../../src/conf/settings/index.js';
import { connections } from '../../src/db/connections/index.js';
import * as db from '../../src/db/index.js';
import { Book } from './query-models.js';

let restore: () => void;
beforeAll(async () => {
  if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'canter-query-using' });
  restore = overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' }, other: { ENGINE: 'sqlite', NAME: ':memory:' } } });
  for (const alias of ['default', 'other']) await connections.get(alias).schemaEditor().run(async (editor) => editor.createModel(Book));
});
afterAll(async () => {
  await connections.closeAll();
  restore();
});

test('using() sends queries, saves and deletes to the alias the instance came from', async () => {
  const book = await Book.objects.using('other').create({ title: 'elsewhere', price: 1 });
  expect(book._state.db).toBe('other');
  expect(await Book.objects.count()).toBe(0);
  book.price = 2;
  await book.save();
  expect(await Book.objects.using('other').valuesList('price', { flat: true })).toEqual([2]);
  const loaded = await Book.objects.using('other').get({ title: 'elsewhere' });
  expect(loaded._state.db).toBe('other');
  await loaded.save({ using: 'default' });
  expect(await Book.objects.count()).toBe(1);
  expect(await loaded.delete()).toEqual([1, { 'qtest.Book': 1 }]);
  expect(await Book.objects.using('other').count()).toBe(1);
});

test('canter/db exports models, fields, queries, errors, signals, transactions and connections', () => {
  for (const name of ['defineModel', 'Model', 'apps', 'Options', 'fields', 'CharField', 'Manager', 'QuerySet', 'Q', 'F', 'Sum', 'Count',
    'ValidationError', 'FieldDoesNotExist', 'preSave', 'postDelete', 'atomic', 'onCommit', 'connections', 'captureQueries']) {
    expect(db, name).toHaveProperty(name);
  }
});
