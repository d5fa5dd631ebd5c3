import { migrations } from '../../../src/db/index.js';
import type { RunCodeContext } from '../../../src/db/index.js';

/** The demo spec's 100 books: title `book{i}`, price `30 + i*i`, i = 0..99. */
async function seed({ state }: RunCodeContext): Promise<void> {
  const Book = state.apps.getModel('demo.Book');
  await Book.objects.bulkCreate(Array.from({ length: 100 }, (_, i) => new Book({ title: `book${i}`, price: 30 + i * i })));
}

async function unseed({ state }: RunCodeContext): Promise<void> {
  const Book = state.apps.getModel('demo.Book');
  await Book.objects.filter({ title__startswith: 'book' }).delete();
}

export default migrations.migration({
  dependencies: [['demo', '0001_initial']],
  operations: [new migrations.RunCode({ code: seed, reverse: unseed })],
});
