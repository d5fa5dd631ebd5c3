import { beforeEach, expect, it } from 'vitest';
import { fields } from '../../src/db/fields/index.js';
import { MigrationExecutor } from '../../src/db/migrations/executor.js';
import { MigrationLoader } from '../../src/db/migrations/loader.js';
import { Migration } from '../../src/db/migrations/migration.js';
import type { MigrationDefinition } from '../../src/db/migrations/migration.js';
import { AddField, AlterField, CreateModel, RemoveField, RenameField, RunCode, RunSQL } from '../../src/db/migrations/operations/index.js';
import { ProjectState } from '../../src/db/migrations/state.js';
import { tableExists } from '../../src/db/schema/introspect.js';
import { postMigrate, preMigrate } from '../../src/db/signals.js';
import { describeDatabases } from '../../src/testing/databases.js';

function loaderOf(definitions: Record<string, MigrationDefinition>): MigrationLoader {
  const loader = new MigrationLoader();
  for (const [key, definition] of Object.entries(definitions)) {
    const [app, name] = key.split('.') as [string, string];
    loader.add(new Migration(app, name, definition));
  }
  loader.build();
  return loader;
}

const shop = {
  'shop.0001_initial': {
    initial: true,
    operations: [
      new CreateModel({ name: 'Book', fields: { id: fields.AutoField({ primaryKey: true }), title: fields.CharField({ maxLength: 64 }) } }),
    ],
  },
  'shop.0002_seed': {
    dependencies: [['shop', '0001_initial']],
    operations: [
      new RunCode({
        code: async ({ state }) => {
          const Book = state.apps.getModel('shop.Book');
          for (let i = 0; i < 3; i++) await Book.objects.create({ title: `book${i}` });
        },
        reverse: () => undefined,
      }),
    ],
  },
  'shop.0003_book_price': {
    dependencies: [['shop', '0002_seed']],
    operations: [new AddField({ modelName: 'Book', name: 'price', field: fields.IntegerField({ default: 30 }) })],
  },
} satisfies Record<string, MigrationDefinition>;

await describeDatabases('migrate', ({ connection }) => {
  beforeEach(async () => {
    for (const table of ['shop_book', 'django_migrations', 'broken_thing']) {
      if (await tableExists(connection(), table)) await connection().execute(`DROP TABLE ${connection().quoteName(table)}`);
    }
  });

  it('applies every migration in order, recording each in django_migrations', async () => {
    const executor = new MigrationExecutor(connection(), loaderOf(shop));
    const steps = await executor.migrate();
    expect(steps.map(([m, back]) => `${m}${back ? ' (back)' : ''}`)).toEqual(['shop.0001_initial', 'shop.0002_seed', 'shop.0003_book_price']);
    expect(await tableExists(connection(), 'shop_book')).toBe(true);
    const { rows } = await connection().execute('SELECT app, name FROM django_migrations ORDER BY id');
    expect(rows.map((r) => `${String(r.app)}.${String(r.name)}`)).toEqual(['shop.0001_initial', 'shop.0002_seed', 'shop.0003_book_price']);
    const state = executor.loader.projectState();
    const Book = state.apps.getModel('shop.Book');
    const books = await Book.objects.orderBy('id');
    expect(books.map((b: { title: string; price: number }) => [b.title, b.price])).toEqual([['book0', 30], ['book1', 30], ['book2', 30]]);
    expect(await executor.migrate()).toEqual([]);
  });

  it('migrates back to a named migration and to zero', async () => {
    const executor = new MigrationExecutor(connection(), loaderOf(shop));
    await executor.migrate();
    const back = await executor.migrate([['shop', '0001_initial']]);
    expect(back.map(([m, b]) => [m.toString(), b])).toEqual([['shop.0003_book_price', true], ['shop.0002_seed', true]]);
    expect(await executor.recorder.applied()).toEqual(new Set(['shop.0001_initial']));
    await executor.migrate([['shop', null]]);
    expect(await tableExists(connection(), 'shop_book')).toBe(false);
    expect(await executor.recorder.applied()).toEqual(new Set());
  });

  it('--fake records without touching the schema', async () => {
    const executor = new MigrationExecutor(connection(), loaderOf({ 'shop.0001_initial': shop['shop.0001_initial'] }));
    await executor.migrate(undefined, { fake: true });
    expect(await tableExists(connection(), 'shop_book')).toBe(false);
    expect(await executor.recorder.applied()).toEqual(new Set(['shop.0001_initial']));
  });

  it('sends pre_migrate and post_migrate with the plan', async () => {
    const seen: string[] = [];
    const pre = ({ appConfig, plan }: { appConfig: { label: string }; plan: ReadonlyArray<readonly [string, boolean]> }) =>
      void seen.push(`pre ${appConfig.label} ${plan.length}`);
    const post = ({ appConfig }: { appConfig: { label: string } }) => void seen.push(`post ${appConfig.label}`);
    preMigrate.connect(pre);
    postMigrate.connect(post);
    try {
      await new MigrationExecutor(connection(), loaderOf(shop)).migrate();
    } finally {
      preMigrate.disconnect(pre);
      postMigrate.disconnect(post);
    }
    expect(seen).toEqual(['pre shop 3', 'post shop']);
  });

  it('a failing migration leaves nothing recorded (and nothing half-made where DDL is transactional)', async () => {
    const broken = {
      'broken.0001_initial': {
        operations: [
          new CreateModel({ name: 'Thing', fields: { id: fields.AutoField({ primaryKey: true }) } }),
          new RunSQL({ sql: 'THIS IS NOT SQL' }),
        ],
      },
    };
    const executor = new MigrationExecutor(connection(), loaderOf(broken));
    await expect(executor.migrate()).rejects.toThrow();
    expect(await executor.recorder.applied()).toEqual(new Set());
    if (connection().backend.schemaSql.canRollbackDdl) expect(await tableExists(connection(), 'broken_thing')).toBe(false);
  });

  it('alters, renames and removes fields, keeping the rows, and reverses all of it', async () => {
    const evolve = {
      'shop.0001_initial': {
        operations: [new CreateModel({ name: 'Book', fields: {
          // A default, so that unapplying RemoveField can re-add the column to a table with rows.
          id: fields.AutoField({ primaryKey: true }), title: fields.CharField({ maxLength: 64 }), price: fields.IntegerField({ default: 0 }),
        } })],
      },
      'shop.0002_alter': {
        dependencies: [['shop', '0001_initial']],
        operations: [new AlterField({ modelName: 'Book', name: 'title', field: fields.CharField({ maxLength: 128, null: true }) })],
      },
      'shop.0003_rename': {
        dependencies: [['shop', '0002_alter']],
        operations: [new RenameField({ modelName: 'Book', oldName: 'price', newName: 'cost' })],
      },
      'shop.0004_remove': {
        dependencies: [['shop', '0003_rename']],
        operations: [new RemoveField({ modelName: 'Book', name: 'cost' })],
      },
    } satisfies Record<string, MigrationDefinition>;
    const executor = new MigrationExecutor(connection(), loaderOf(evolve));
    await executor.migrate([['shop', '0001_initial']]);
    const V1 = executor.loader.projectState([['shop', '0001_initial']]).apps.getModel('shop.Book');
    await V1.objects.create({ title: 'kept', price: 5 });
    await executor.migrate([['shop', '0003_rename']]);
    const V3 = executor.loader.projectState([['shop', '0003_rename']]).apps.getModel('shop.Book');
    expect((await V3.objects.valuesList('title', 'cost')).map((r: unknown[]) => [...r])).toEqual([['kept', 5]]);
    await V3.objects.create({ title: 'x'.repeat(100), cost: 1 });
    await V3.objects.create({ title: null, cost: 2 });
    await executor.migrate();
    const V4 = executor.loader.projectState().apps.getModel('shop.Book');
    expect(V4.meta.fields.map((f) => f.name)).toEqual(['id', 'title']);
    expect(await V4.objects.count()).toBe(3);
    await executor.migrate([['shop', '0002_alter']]);
    const V2 = executor.loader.projectState([['shop', '0002_alter']]).apps.getModel('shop.Book');
    expect(V2.meta.fields.map((f) => f.name)).toEqual(['id', 'title', 'price']);
    // Rows that the older schema cannot hold must go before it comes back.
    await V2.objects.exclude({ title: 'kept' }).delete();
    await executor.migrate([['shop', '0001_initial']]);
    if (connection().vendor !== 'sqlite') {
      await expect(V1.objects.create({ title: 'y'.repeat(100), price: 1 })).rejects.toThrow();
    }
    expect((await V1.objects.valuesList('title', { flat: true }))).toEqual(['kept']);
    await executor.migrate([['shop', null]]);
    expect(await tableExists(connection(), 'shop_book')).toBe(false);
  });

  it('the state the migrations build is the project state of their models', () => {
    const state = loaderOf(shop).projectState();
    expect(state).toBeInstanceOf(ProjectState);
    expect(state.getModel('shop', 'Book').fields.map(([n]) => n)).toEqual(['id', 'title', 'price']);
  });
});
