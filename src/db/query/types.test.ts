import { expect, test } from 'vitest';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import type { Manager } from './manager.js';

class Typed extends defineModel('qtypes.Typed', { title: fields.CharField({ maxLength: 10 }), price: fields.IntegerField() }) {}

/** A model with methods of its own re-declares `objects` so that queries yield the subclass type. */
class WithMethods extends defineModel('qtypes.WithMethods', { title: fields.CharField({ maxLength: 10 }) }) {
  declare static readonly objects: Manager<WithMethods>;

  shout(): string {
    return this.title.toUpperCase();
  }
}

// Never called: the compiler checks these lines (tsc runs over tests); a stale @ts-expect-error fails it.
async function typeChecks(): Promise<void> {
  Typed.objects.filter({ title: 'x', price__gte: 1, pk: 1, title__icontains: 'x' });
  // @ts-expect-error a misspelt field is a compile error
  Typed.objects.filter({ titel: 'x' });
  // @ts-expect-error orderBy names are checked too
  Typed.objects.orderBy('-titel');
  const rows: Array<{ title: string; price: number }> = await Typed.objects.values('title', 'price');
  const flat: string[] = await Typed.objects.valuesList('title', { flat: true });
  const tuples: Array<[string, number]> = await Typed.objects.valuesList('title', 'price');
  // @ts-expect-error values() of an unknown field
  await Typed.objects.values('nope');
  const books: Typed[] = await Typed.objects.filter({ price: 1 });
  const title: string = books[0]!.title;
  // @ts-expect-error update() values are typed by the field
  await Typed.objects.update({ price: 'many' });
  await Typed.objects.create({ title: 'x', price: 1 });
  // @ts-expect-error create() names are checked
  await Typed.objects.create({ titel: 'x' });
  const loud: string = (await WithMethods.objects.get({ title: 'x' })).shout();
  void [rows, flat, tuples, title, loud];
}

test('the typed API compiles (see the @ts-expect-error lines)', () => {
  expect(typeof typeChecks).toBe('function');
});
