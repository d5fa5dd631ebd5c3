import { describe, expect, it } from 'vitest';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import { Apps } from '../models/registry.js';
import { detectChanges, renameCandidates } from './autodetector.js';
import { ModelState, ProjectState } from './state.js';
import { migrationName, writeMigration } from './writer.js';

function stateOf(define: (apps: Apps) => void): ProjectState {
  const registry = new Apps();
  define(registry);
  return ProjectState.fromApps(registry);
}

const v1 = (apps: Apps) => {
  defineModel('shop.Book', { title: fields.CharField({ maxLength: 64 }), price: fields.IntegerField() }, { apps });
};

describe('detectChanges', () => {
  it('an app with no migrations gets CreateModel with every field, the auto id first', () => {
    const changes = detectChanges(new ProjectState(), stateOf(v1));
    const ops = changes.get('shop')!;
    expect(ops.map((op) => op.describe())).toEqual(['Create model Book']);
    expect(Object.keys((ops[0]!.args as { fields: object }).fields)).toEqual(['id', 'title', 'price']);
  });

  it('no change, no operations', () => {
    expect(detectChanges(stateOf(v1), stateOf(v1)).size).toBe(0);
  });

  it('added, removed and altered fields', () => {
    const v2 = stateOf((apps) => {
      defineModel('shop.Book', {
        title: fields.CharField({ maxLength: 128 }),
        stock: fields.IntegerField({ default: 0 }),
      }, { apps });
    });
    const ops = detectChanges(stateOf(v1), v2).get('shop')!.map((op) => op.describe());
    expect(ops).toEqual(['Add field stock to book', 'Remove field price from book', 'Alter field title on book']);
  });

  it('a rename is a rename only when the questioner says so', () => {
    const v2 = stateOf((apps) => {
      defineModel('shop.Book', { title: fields.CharField({ maxLength: 64 }), cost: fields.IntegerField() }, { apps });
    });
    expect(detectChanges(stateOf(v1), v2).get('shop')!.map((op) => op.kind)).toEqual(['AddField', 'RemoveField']);
    const renamed = detectChanges(stateOf(v1), v2, { askRenameField: () => true }).get('shop')!;
    expect(renamed.map((op) => op.describe())).toEqual(['Rename field price on book to cost']);
  });

  it('lists the renames to ask about: a field gone and one come with the same definition', () => {
    const v2 = stateOf((apps) => {
      defineModel('shop.Book', { title: fields.CharField({ maxLength: 64 }), cost: fields.IntegerField(), isbn: fields.CharField({ maxLength: 13 }) }, { apps });
    });
    expect(renameCandidates(stateOf(v1), v2).map((c) => `${c.model}.${c.oldName}=${c.newName}`)).toEqual(['Book.price=cost']);
  });

  it('deleted models, table names, unique_together and indexes', () => {
    const v2 = stateOf((apps) => {
      defineModel('shop.Book', { title: fields.CharField({ maxLength: 64 }), price: fields.IntegerField() }, {
        apps, dbTable: 'books', uniqueTogether: [['title', 'price']], indexes: [{ fields: ['price'], name: 'book_price_idx' }],
      });
    });
    const withExtra = stateOf((apps) => {
      v1(apps);
      defineModel('shop.Shelf', { label: fields.CharField({ maxLength: 8 }) }, { apps });
    });
    const ops = detectChanges(withExtra, v2).get('shop')!.map((op) => op.kind);
    expect(ops).toEqual(['AlterModelTable', 'AlterUniqueTogether', 'AddIndex', 'DeleteModel']);
  });
});

describe('operations change the state as the autodetector expects', () => {
  it('applying the detected operations to the old state gives the new one', () => {
    const v2 = stateOf((apps) => {
      defineModel('shop.Book', { title: fields.CharField({ maxLength: 128 }), stock: fields.IntegerField({ default: 0 }) }, { apps });
      defineModel('shop.Shelf', { label: fields.CharField({ maxLength: 8 }) }, { apps });
    });
    const state = stateOf(v1);
    for (const op of detectChanges(state, v2).get('shop')!) op.stateForwards('shop', state);
    expect(detectChanges(state, v2).size).toBe(0);
    expect(state.apps.getModel('shop.Book').meta.fields.map((f) => f.name)).toEqual(['id', 'title', 'stock']);
  });

  it('historical models are separate from the project registry', () => {
    const state = new ProjectState();
    state.addModel(new ModelState('hist', 'Thing', [['id', fields.AutoField({ primaryKey: true })], ['n', fields.IntegerField()]]));
    const Thing = state.apps.getModel('hist.Thing');
    expect(Thing.meta.dbTable).toBe('hist_thing');
    expect(new Apps().hasModel('hist.Thing')).toBe(false);
  });
});

describe('writeMigration', () => {
  it('writes readable TypeScript with field factory calls', () => {
    const ops = detectChanges(new ProjectState(), stateOf(v1)).get('shop')!;
    const source = writeMigration([], ops, { initial: true, importFrom: 'canter/db' });
    expect(source).toContain("import { fields, migrations } from 'canter/db';");
    expect(source).toContain('initial: true,');
    expect(source).toContain("name: 'Book'");
    expect(source).toContain('title: fields.CharField({ maxLength: 64 })');
    expect(source).toContain('price: fields.IntegerField()');
  });

  it('names migrations like Django', () => {
    const ops = detectChanges(new ProjectState(), stateOf(v1)).get('shop')!;
    expect(migrationName(1, ops, true)).toBe('0001_initial');
    expect(migrationName(12, ops, false)).toBe('0012_book');
  });

  it('refuses a function default with a message saying what to do', () => {
    const state = stateOf((apps) => {
      defineModel('shop.Book', { title: fields.CharField({ maxLength: 64, default: () => 'x' }) }, { apps });
    });
    const ops = detectChanges(new ProjectState(), state).get('shop')!;
    expect(() => writeMigration([], ops)).toThrow(/Cannot write the function/);
  });
});
