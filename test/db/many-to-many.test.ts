import { afterEach, expect, test } from 'vitest';
import { FieldDoesNotExist, UnsavedRelatedObjectError } from '../../src/db/errors.js';
import { captureQueries } from '../../src/db/query/execute.js';
import { m2mChanged } from '../../src/db/signals.js';
import type { M2MAction } from '../../src/db/signals.js';
import { describeDatabases } from '../../src/testing/databases.js';
import { Genre, M2M_MODELS, Novel, Person, Writer } from './m2m-models.js';

interface Call { sender: unknown; instance: unknown; action: M2MAction; reverse: boolean; model: unknown; pkSet: unknown[] | null; using: string }

function record(): Call[] {
  const calls: Call[] = [];
  const receiver = (args: { sender: unknown; instance: unknown; action: M2MAction; reverse: boolean; model: unknown; pkSet: ReadonlySet<unknown> | null; using: string }) => {
    calls.push({ sender: args.sender, instance: args.instance, action: args.action, reverse: args.reverse, model: args.model, pkSet: args.pkSet === null ? null : [...args.pkSet].sort(), using: args.using });
  };
  m2mChanged.connect(receiver);
  disconnects.push(() => m2mChanged.disconnect(receiver));
  return calls;
}

const disconnects: Array<() => void> = [];
afterEach(() => {
  for (const fn of disconnects.splice(0)) fn();
});

async function shelf() {
  const ann = await Writer.objects.create({ name: 'Ann' });
  const dune = await Novel.objects.create({ title: 'Dune', writer: ann });
  const emma = await Novel.objects.create({ title: 'Emma', writer: ann });
  const sf = await Genre.objects.create({ name: 'sf' });
  const drama = await Genre.objects.create({ name: 'drama' });
  const comedy = await Genre.objects.create({ name: 'comedy' });
  return { ann, dune, emma, sf, drama, comedy };
}

const names = (genres: readonly Genre[]) => genres.map((g) => g.name);
const through = () => (Novel.meta.getField('genres') as unknown as { through: unknown }).through;

await describeDatabases(
  'ManyToManyField',
  () => {
    test('the automatic through model is named as Django names it: table <model table>_<field>, <model>_id and <to>_id', () => {
      const genres = Novel.meta.getField('genres') as unknown as { through: typeof Novel };
      expect(genres.through.meta.dbTable).toBe('mtest_novel_genres');
      expect(genres.through.meta.label).toBe('mtest.Novel_genres');
      expect(genres.through.meta.fields.map((f) => f.column)).toEqual(['id', 'novel_id', 'genre_id']);
      expect(genres.through.meta.uniqueTogether).toEqual([['novel', 'genre']]);
      const follows = Person.meta.getField('follows') as unknown as { through: typeof Novel };
      expect(follows.through.meta.fields.map((f) => f.column)).toEqual(['id', 'from_person_id', 'to_person_id']);
      const awards = Novel.meta.getField('awards') as unknown as { through: typeof Novel };
      expect(awards.through.meta.dbTable).toBe('mtest_prizes');
      expect(Novel.meta.concreteFields.map((f) => f.name)).toEqual(['id', 'title', 'writer']);
    });

    test('add() links objects and pks, skips pairs already linked; both sides read the same rows', async () => {
      const { dune, sf, drama, comedy } = await shelf();
      await dune.genres.add(sf, drama.pk);
      await dune.genres.add(sf, comedy);
      expect(names(await dune.genres.all())).toEqual(['comedy', 'drama', 'sf']);
      expect((await sf.novel_set.all()).map((n) => n.title)).toEqual(['Dune']);
      await comedy.novel_set.add(await Novel.objects.get({ title: 'Emma' }));
      expect(await comedy.novel_set.count()).toBe(2);
      expect(await dune.awards.count()).toBe(0);
    });

    test('m2m_changed for add and remove from the forward side: sender through, pkSet of new keys only', async () => {
      const { dune, sf, drama } = await shelf();
      await dune.genres.add(sf);
      const calls = record();
      await dune.genres.add(sf, drama);
      await dune.genres.remove(drama, sf.pk);
      const base = { sender: through(), instance: dune, reverse: false, model: Genre, using: 'default' };
      expect(calls).toEqual([
        { ...base, action: 'pre_add', pkSet: [drama.pk] },
        { ...base, action: 'post_add', pkSet: [drama.pk] },
        { ...base, action: 'pre_remove', pkSet: [sf.pk, drama.pk].sort() },
        { ...base, action: 'post_remove', pkSet: [sf.pk, drama.pk].sort() },
      ]);
      expect(await dune.genres.count()).toBe(0);
    });

    test('m2m_changed for clear and set from the reverse side: reverse true, model the other class, pkSet null on clear', async () => {
      const { dune, emma, sf } = await shelf();
      await sf.novel_set.add(dune);
      const calls = record();
      await sf.novel_set.set([emma]);
      await sf.novel_set.clear();
      const base = { sender: through(), instance: sf, reverse: true, model: Novel, using: 'default' };
      expect(calls).toEqual([
        { ...base, action: 'pre_remove', pkSet: [dune.pk] },
        { ...base, action: 'post_remove', pkSet: [dune.pk] },
        { ...base, action: 'pre_add', pkSet: [emma.pk] },
        { ...base, action: 'post_add', pkSet: [emma.pk] },
        { ...base, action: 'pre_clear', pkSet: null },
        { ...base, action: 'post_clear', pkSet: null },
      ]);
      expect(await sf.novel_set.count()).toBe(0);
    });

    test('set() keeps links still wanted (no signal for them); set(…, { clear: true }) clears then adds', async () => {
      const { dune, sf, drama, comedy } = await shelf();
      await dune.genres.set([sf, drama]);
      const calls = record();
      await dune.genres.set([drama, comedy]);
      expect(calls.map((c) => [c.action, c.pkSet])).toEqual([
        ['pre_remove', [sf.pk]], ['post_remove', [sf.pk]], ['pre_add', [comedy.pk]], ['post_add', [comedy.pk]],
      ]);
      calls.length = 0;
      await dune.genres.set([comedy], { clear: true });
      expect(calls.map((c) => c.action)).toEqual(['pre_clear', 'post_clear', 'pre_add', 'post_add']);
      expect(names(await dune.genres.all())).toEqual(['comedy']);
    });

    test('create() makes the related object and links it', async () => {
      const { dune } = await shelf();
      const calls = record();
      const horror = await dune.genres.create({ name: 'horror' });
      expect(horror.pk).not.toBeNull();
      expect(names(await dune.genres.all())).toEqual(['horror']);
      expect(calls.map((c) => [c.action, c.pkSet])).toEqual([['pre_add', [horror.pk]], ['post_add', [horror.pk]]]);
    });

    test('bad input: an unsaved instance, an instance of the wrong model, a manager of an unsaved instance', async () => {
      const { dune, ann } = await shelf();
      await expect(dune.genres.add(new Genre({ name: 'x' }))).rejects.toThrow(UnsavedRelatedObjectError);
      await expect(dune.genres.add(ann)).rejects.toThrow("'Genre' instance expected by genres.add(), got a Writer.");
      expect(() => new Novel({ title: 'new' }).genres.all()).toThrow(UnsavedRelatedObjectError);
      expect(() => Novel.objects.filter({ genres__colour: 'red' })).toThrow(FieldDoesNotExist);
      expect(() => Novel.objects.values('genres' as never)).toThrow("Novel.genres is a many-to-many relation with no column; in values() use 'genres__pk' (or another field of the related model).");
      expect(() => Novel.objects.orderBy('-genres' as never)).toThrow(FieldDoesNotExist);
      expect(() => new Novel({ title: 'x', genres: [] as never })).toThrow('Direct assignment to the forward side of a many-to-many set is prohibited (Novel.genres); use genres.set() after saving.');
      expect(() => ((dune as unknown as { genres: unknown }).genres = [])).toThrow(TypeError);
      await expect(dune.genres.add()).resolves.toBeUndefined();
    });

    test('filters across the relation join through the table, forward and reverse; duplicates need distinct()', async () => {
      const { dune, emma, sf, drama } = await shelf();
      await dune.genres.add(sf, drama);
      await emma.genres.add(drama);
      expect((await Novel.objects.filter({ genres__name: 'sf' })).map((n) => n.title)).toEqual(['Dune']);
      expect(await Novel.objects.filter({ genres__name__in: ['sf', 'drama'] }).count()).toBe(3);
      expect(await Novel.objects.filter({ genres__name__in: ['sf', 'drama'] }).distinct().count()).toBe(2);
      expect(names(await Genre.objects.filter({ novel__title: 'Emma' }))).toEqual(['drama']);
      expect(names(await Genre.objects.filter({ awarded__title: 'Emma' }))).toEqual([]);
      expect((await Novel.objects.filter({ genres: sf })).map((n) => n.title)).toEqual(['Dune']);
      expect((await Novel.objects.exclude({ genres__name: 'sf' })).map((n) => n.title)).toEqual(['Emma']);
      expect(names(await Genre.objects.exclude({ novel__title: 'Dune' }))).toEqual(['comedy']);
      expect(await Novel.objects.filter({ title: 'Dune' }).orderBy('genres__name').values('title', 'genres__name')).toEqual([
        { title: 'Dune', genres__name: 'drama' },
        { title: 'Dune', genres__name: 'sf' },
      ]);
    });

    test('prefetchRelated: N novels with genres and writer cost 3 queries, then the managers answer from memory', async () => {
      const { dune, emma, sf, drama, ann } = await shelf();
      await dune.genres.add(sf, drama);
      await emma.genres.add(drama);
      const tagsOnly = await captureQueries(() => Novel.objects.prefetchRelated('genres'));
      expect(tagsOnly.queries).toHaveLength(2);
      const { result, queries } = await captureQueries(() => Novel.objects.orderBy('title').prefetchRelated('genres', 'writer'));
      expect(queries).toHaveLength(3);
      const reads = await captureQueries(async () => Promise.all(result.map(async (n) => [n.title, n.writer!.name, names(await n.genres.all())])));
      expect(reads.queries).toHaveLength(0);
      expect(reads.result).toEqual([['Dune', 'Ann', ['drama', 'sf']], ['Emma', 'Ann', ['drama']]]);
      const writers = await captureQueries(() => Writer.objects.prefetchRelated('novel_set'));
      expect(writers.queries).toHaveLength(2);
      const cached = await captureQueries(() => writers.result[0]!.novel_set.all());
      expect(cached.queries).toHaveLength(0);
      expect(cached.result.map((n) => n.title).sort()).toEqual(['Dune', 'Emma']);
      expect(writers.result[0]!.pk).toBe(ann.pk);
      const genres = await captureQueries(() => Genre.objects.prefetchRelated('novel_set'));
      expect(genres.queries).toHaveLength(2);
      const byName = Object.fromEntries(await Promise.all(genres.result.map(async (g) => [g.name, (await g.novel_set.all()).map((n) => n.title).sort()])));
      expect(byName).toEqual({ comedy: [], drama: ['Dune', 'Emma'], sf: ['Dune'] });
      // A change through the manager drops the prefetched list.
      await result[1]!.genres.add(sf);
      expect(names(await result[1]!.genres.all())).toEqual(['drama', 'sf']);
      await expect(Novel.objects.prefetchRelated('title')).rejects.toThrow(FieldDoesNotExist);
    });

    test('deleting an object deletes its through rows, from either side', async () => {
      const { dune, emma, sf, drama } = await shelf();
      await dune.genres.add(sf, drama);
      await emma.genres.add(sf);
      await dune.delete();
      expect(await sf.novel_set.count()).toBe(1);
      await sf.delete();
      expect(await emma.genres.count()).toBe(0);
      expect(await drama.novel_set.count()).toBe(0);
    });

    test("a one-way 'self' relation: follows and person_set", async () => {
      const a = await Person.objects.create({ name: 'a' });
      const b = await Person.objects.create({ name: 'b' });
      await a.follows.add(b);
      expect((await a.follows.all() as Person[]).map((p) => p.name)).toEqual(['b']);
      expect((await b.person_set.all()).map((p) => p.name)).toEqual(['a']);
      expect(await b.follows.count()).toBe(0);
      expect((await Person.objects.filter({ follows__name: 'b' })).map((p) => p.name)).toEqual(['a']);
    });

    test("'self' is symmetrical by default, as Django: each link is stored both ways, signals are sent once, no reverse side", async () => {
      const [a, b, c] = [await Person.objects.create({ name: 'a' }), await Person.objects.create({ name: 'b' }), await Person.objects.create({ name: 'c' })];
      const friends = Person.meta.getField('friends') as unknown as { through: typeof Person };
      expect(friends.through.meta.fields.map((f) => f.column)).toEqual(['id', 'from_person_id', 'to_person_id']);
      const calls = record();
      await a.friends.add(b, c);
      expect(calls.map((call) => [call.action, call.instance, call.pkSet])).toEqual([['pre_add', a, [b.pk, c.pk].sort()], ['post_add', a, [b.pk, c.pk].sort()]]);
      expect(await friends.through.objects.count()).toBe(4);
      expect((await b.friends.all() as Person[]).map((p) => p.name)).toEqual(['a']);
      await b.friends.remove(a);
      expect(await a.friends.count()).toBe(1);
      await c.friends.clear();
      expect(await a.friends.count()).toBe(0);
      expect(await friends.through.objects.count()).toBe(0);
      expect('person_rel_+' in a).toBe(false);
      expect('Person_friends+' in a).toBe(false);
    });
  },
  { models: () => M2M_MODELS, flush: true },
);
