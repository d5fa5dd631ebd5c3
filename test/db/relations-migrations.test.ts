import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../src/db/errors.js';
import { fields } from '../../src/db/fields/index.js';
import { detectChanges, relatedApps } from '../../src/db/migrations/autodetector.js';
import { MigrationExecutor } from '../../src/db/migrations/executor.js';
import { MigrationLoader } from '../../src/db/migrations/loader.js';
import { Migration } from '../../src/db/migrations/migration.js';
import { CreateModel } from '../../src/db/migrations/operations/index.js';
import { ProjectState } from '../../src/db/migrations/state.js';
import { writeMigration } from '../../src/db/migrations/writer.js';
import { defineModel } from '../../src/db/models/define.js';
import { Apps } from '../../src/db/models/registry.js';
import { tableExists } from '../../src/db/schema/introspect.js';
import { describeDatabases } from '../../src/testing/databases.js';

describe('makemigrations with relations (no database needed)', () => {
  const registry = new Apps();
  // Declared before the model it points at, by label, and sorted first by name: the autodetector must reorder.
  defineModel('rmshop.Address', { owner: fields.ForeignKey('rmshop.Person', { onDelete: 'CASCADE' }), city: fields.CharField({ maxLength: 20 }) }, { apps: registry });
  defineModel('rmshop.Person', { name: fields.CharField({ maxLength: 20 }), boss: fields.ForeignKey('self', { onDelete: 'SET_NULL', null: true }) }, { apps: registry });
  defineModel('rmlib.Loan', { person: fields.ForeignKey('rmshop.Person', { onDelete: 'PROTECT', relatedName: 'loans' }) }, { apps: registry });
  const changes = detectChanges(new ProjectState(), ProjectState.fromApps(registry));

  it('creates a referenced model before the model pointing at it', () => {
    expect(changes.get('rmshop')!.map((op) => op.describe())).toEqual(['Create model Person', 'Create model Address']);
  });

  it("an app's migration depends on the apps its relations point at", () => {
    expect(relatedApps('rmlib', changes.get('rmlib')!)).toEqual(['rmshop']);
    expect(relatedApps('rmshop', changes.get('rmshop')!)).toEqual([]);
  });

  it('writes relations as fields.ForeignKey(label, { onDelete })', () => {
    const source = writeMigration([['rmshop', '0001_initial']], changes.get('rmlib')!, { initial: true });
    expect(source).toContain("person: fields.ForeignKey('rmshop.Person', {");
    expect(source).toContain("onDelete: 'PROTECT'");
    expect(source).toContain("relatedName: 'loans'");
    const shop = writeMigration([], changes.get('rmshop')!, { initial: true });
    expect(shop).toContain("boss: fields.ForeignKey('rmshop.Person', {");
  });
});

function loaderOf(): MigrationLoader {
  const loader = new MigrationLoader();
  loader.add(new Migration('rmshop', '0001_initial', {
    initial: true,
    operations: [
      new CreateModel({ name: 'Person', fields: { id: fields.AutoField({ primaryKey: true }), name: fields.CharField({ maxLength: 20 }) } }),
    ],
  }));
  loader.add(new Migration('rmlib', '0001_initial', {
    initial: true,
    dependencies: [['rmshop', '0001_initial']],
    operations: [
      new CreateModel({ name: 'Loan', fields: { id: fields.AutoField({ primaryKey: true }), person: fields.ForeignKey('rmshop.Person', { onDelete: 'CASCADE' }) } }),
    ],
  }));
  loader.build();
  return loader;
}

await describeDatabases('migrations with a ForeignKey', ({ connection }) => {
  it('creates the key column with its constraint; the historical models cascade', async () => {
    const executor = new MigrationExecutor(connection(), loaderOf());
    await executor.migrate();
    expect(await tableExists(connection(), 'rmlib_loan')).toBe(true);
    const apps = executor.loader.projectState().apps;
    const Person = apps.getModel('rmshop.Person');
    const Loan = apps.getModel('rmlib.Loan');
    const ann = await Person.objects.create({ name: 'Ann' });
    await Loan.objects.create({ person: ann });
    await expect(Loan.objects.create({ person_id: 999_999 })).rejects.toThrow(IntegrityError);
    expect(await ann.delete()).toEqual([2, { 'rmlib.Loan': 1, 'rmshop.Person': 1 }]);
    await executor.migrate([['rmlib', null], ['rmshop', null]]);
    expect(await tableExists(connection(), 'rmshop_person')).toBe(false);
  });
});
