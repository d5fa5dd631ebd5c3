import { describe, expect, it } from 'vitest';
import { InvalidMigrationGraph } from './errors.js';
import { MigrationLoader } from './loader.js';
import { Migration } from './migration.js';
import type { MigrationKey } from './graph.js';

function loaderOf(...migrations: Array<[app: string, name: string, dependencies: MigrationKey[]]>): MigrationLoader {
  const loader = new MigrationLoader();
  for (const [app, name, dependencies] of migrations) loader.add(new Migration(app, name, { dependencies, operations: [] }));
  loader.build();
  return loader;
}

describe("MigrationLoader: Django's __first__ and __latest__ dependencies", () => {
  it("resolves [app, '__first__'] to the app's first migration and '__latest__' to its last", () => {
    const loader = loaderOf(
      ['contenttypes', '0002_remove_content_type_name', [['contenttypes', '0001_initial']]],
      ['contenttypes', '0001_initial', []],
      ['auth', '0001_initial', [['contenttypes', '__first__']]],
      ['shop', '0001_initial', [['contenttypes', '__latest__']]],
    );
    expect(loader.graph.forwardsPlan(['auth', '0001_initial'])).toEqual([['contenttypes', '0001_initial'], ['auth', '0001_initial']]);
    expect(loader.graph.forwardsPlan(['shop', '0001_initial'])).toEqual([
      ['contenttypes', '0001_initial'], ['contenttypes', '0002_remove_content_type_name'], ['shop', '0001_initial'],
    ]);
  });

  it('drops a __first__ dependency on an app without migrations (an unmigrated app), as Django does', () => {
    const loader = loaderOf(['auth', '0001_initial', [['nomigrations', '__first__']]]);
    expect(loader.graph.forwardsPlan(['auth', '0001_initial'])).toEqual([['auth', '0001_initial']]);
  });

  it('still refuses a dependency on a migration that does not exist', () => {
    expect(() => loaderOf(['auth', '0001_initial', [['contenttypes', '0001_initial']]])).toThrow(InvalidMigrationGraph);
  });
});
