import { describe, expect, it } from 'vitest';
import { fields } from '../../src/db/fields/index.js';
import { detectChanges } from '../../src/db/migrations/autodetector.js';
import { MigrationExecutor } from '../../src/db/migrations/executor.js';
import { MigrationLoader } from '../../src/db/migrations/loader.js';
import { Migration } from '../../src/db/migrations/migration.js';
import { AddField, AlterField, CreateModel, RemoveField, RenameField } from '../../src/db/migrations/operations/index.js';
import { ProjectState } from '../../src/db/migrations/state.js';
import { writeMigration } from '../../src/db/migrations/writer.js';
import { defineModel } from '../../src/db/models/define.js';
import { Apps } from '../../src/db/models/registry.js';
import { tableExists } from '../../src/db/schema/introspect.js';
import { describeDatabases } from '../../src/testing/databases.js';

describe('makemigrations with a ManyToManyField (no database needed)', () => {
  const registry = new Apps();
  defineModel('mmshop.Tag', { name: fields.CharField({ maxLength: 20 }) }, { apps: registry });
  defineModel('mmshop.Item', { tags: fields.ManyToManyField('mmshop.Tag', { relatedName: 'items' }) }, { apps: registry });
  const changes = detectChanges(new ProjectState(), ProjectState.fromApps(registry));

  it('the automatic through model is no model of its own: only Tag and Item are created', () => {
    expect(changes.get('mmshop')!.map((op) => op.describe())).toEqual(['Create model Tag', 'Create model Item']);
  });

  it("writes the field as fields.ManyToManyField('app.Model', { … })", () => {
    const source = writeMigration([], changes.get('mmshop')!, { initial: true });
    expect(source).toContain("tags: fields.ManyToManyField('mmshop.Tag', {");
    expect(source).toContain("relatedName: 'items'");
  });

  it('adding the field to a model is one AddField', () => {
    const before = new Apps();
    defineModel('mmshop.Tag', { name: fields.CharField({ maxLength: 20 }) }, { apps: before });
    defineModel('mmshop.Item', {}, { apps: before });
    const added = detectChanges(ProjectState.fromApps(before), ProjectState.fromApps(registry));
    expect(added.get('mmshop')!.map((op) => op.describe())).toEqual(['Add field tags to item']);
  });
});

function loaderOf(): MigrationLoader {
  const loader = new MigrationLoader();
  const id = () => fields.AutoField({ primaryKey: true });
  loader.add(new Migration('mmlib', '0001_initial', {
    initial: true,
    operations: [
      new CreateModel({ name: 'Tag', fields: { id: id(), name: fields.CharField({ maxLength: 20 }) } }),
      new CreateModel({ name: 'Item', fields: { id: id(), tags: fields.ManyToManyField('mmlib.Tag') } }),
    ],
  }));
  loader.add(new Migration('mmlib', '0002_more', {
    dependencies: [['mmlib', '0001_initial']],
    operations: [
      new AddField({ modelName: 'Tag', name: 'related', field: fields.ManyToManyField('self', { symmetrical: false }) }),
      new RemoveField({ modelName: 'Item', name: 'tags' }),
    ],
  }));
  loader.add(new Migration('mmlib', '0003_rename', {
    dependencies: [['mmlib', '0002_more']],
    operations: [
      // Renaming renames the join table (its name follows the field's); relatedName is no schema.
      new RenameField({ modelName: 'Tag', oldName: 'related', newName: 'similar' }),
      new AlterField({ modelName: 'Tag', name: 'similar', field: fields.ManyToManyField('self', { symmetrical: false, relatedName: 'similar_to' }) }),
    ],
  }));
  loader.build();
  return loader;
}

await describeDatabases('migrations with a ManyToManyField', ({ connection }) => {
  it('CreateModel makes the through table, AddField/RemoveField make and drop one, RenameField renames it, unapplying undoes it', async () => {
    const executor = new MigrationExecutor(connection(), loaderOf());
    await executor.migrate([['mmlib', '0001_initial']]);
    expect(await tableExists(connection(), 'mmlib_item_tags')).toBe(true);
    // The final state: Item without tags, Tag with a one-way 'self' relation and its through model.
    const apps = executor.loader.projectState().apps;
    expect(apps.getModels().map((m) => m.meta.label).sort()).toEqual(['mmlib.Item', 'mmlib.Tag', 'mmlib.Tag_similar']);
    await executor.migrate([['mmlib', '0002_more']]);
    expect(await tableExists(connection(), 'mmlib_item_tags')).toBe(false);
    expect(await tableExists(connection(), 'mmlib_tag_related')).toBe(true);
    await executor.migrate();
    expect(await tableExists(connection(), 'mmlib_tag_related')).toBe(false);
    expect(await tableExists(connection(), 'mmlib_tag_similar')).toBe(true);
    const Tag = apps.getModel('mmlib.Tag');
    const [a, b] = [await Tag.objects.create({ name: 'a' }), await Tag.objects.create({ name: 'b' })];
    await (a as unknown as { similar: { add(...o: unknown[]): Promise<void> } }).similar.add(b);
    expect(await Tag.objects.filter({ similar_to__name: 'a' }).valuesList('name', { flat: true })).toEqual(['b']);
    await executor.migrate([['mmlib', '0001_initial']]);
    expect(await tableExists(connection(), 'mmlib_item_tags')).toBe(true);
    expect(await tableExists(connection(), 'mmlib_tag_related')).toBe(false);
    expect(await tableExists(connection(), 'mmlib_tag_similar')).toBe(false);
    await executor.migrate([['mmlib', null]]);
    expect(await tableExists(connection(), 'mmlib_item_tags')).toBe(false);
    expect(await tableExists(connection(), 'mmlib_tag')).toBe(false);
  });
});
