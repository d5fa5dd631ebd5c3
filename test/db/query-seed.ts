import { Book } from './query-models.js';

/** Six books covering the lookups: cases, %, _, a backslash, unicode, NULLs. */
export async function seed(): Promise<Book[]> {
  return Book.objects.bulkCreate([
    new Book({ title: 'Django Unchained', price: 30, rating: 4.5, published: true }),
    new Book({ title: 'django for pros', price: 20, rating: null, published: true }),
    new Book({ title: '100% pure_fun', price: 10, rating: 3, note: 'percent' }),
    new Book({ title: '100 pure fun', price: 15, rating: 2 }),
    new Book({ title: 'Über Ärger', price: 25, rating: 5, note: 'unicode' }),
    new Book({ title: 'back\\slash', price: 5, rating: 1 }),
  ]);
}

export const titles = (books: readonly Book[]): string[] => books.map((b) => b.title);

export function sortPrice(title: string): number {
  return { 'Django Unchained': 30, 'django for pros': 20, '100% pure_fun': 10, '100 pure fun': 15, 'Über Ärger': 25, 'back\\slash': 5 }[title] ?? 0;
}
