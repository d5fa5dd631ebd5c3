import { expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { IntegrityError } from '../errors.js';
import { Field } from '../fields/field.js';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import type { ModelClass } from '../models/model.js';
import type { ColumnSpec } from '../types.js';
import { tableConstraints, tableExists } from './introspect.js';
import { createIndexName } from './names.js';

// A stand-in foreign key until the relation fields exist: an integer column referencing a pk.
class RefField extends Field<number> {
  readonly internalType = 'ForeignKey';
  readonly #target: () => ModelClass;
  constructor(target: () => ModelClass, options: { null?: boolean } = {}) {
    super(options);
    this.#target = target;
  }
  override get attname(): string {
    return `${this.name}_id`;
  }
  toJs(value: unknown): number | null {
    return value === null ? null : Number(value);
  }
  override columnSpec(): ColumnSpec {
    const target = this.#target();
    return { ...super.columnSpec(), dbIndex: true, references: { table: target.meta.dbTable, column: target.meta.pk.column, target: target.meta.pk.columnSpec() } };
  }
}

const T = 'schema_author';
const AuthorV1 = defineModel('schema_t.AuthorV1', {
  name: fields.CharField({ maxLength: 20, unique: true }),
  city: fields.CharField({ maxLength: 20, dbIndex: true }),
  age: fields.IntegerField({ null: true }),
}, { dbTable: T, uniqueTogether: [['city', 'age']], indexes: [{ fields: ['age'], name: 'author_age_idx' }] });
const AuthorV2 = defineModel('schema_t.AuthorV2', {
  name: fields.CharField({ maxLength: 20, unique: true }),
  city: fields.CharField({ maxLength: 20, dbIndex: true }),
  age: fields.IntegerField({ null: true }),
  rank: fields.IntegerField({ default: 7 }),
  note: fields.TextField({ null: true }),
}, { dbTable: T, uniqueTogether: [['city', 'age']] });
// The states after renaming note → remark, and after removing rank.
const AuthorV3 = defineModel('schema_t.AuthorV3', {
  name: fields.CharField({ maxLength: 20, unique: true }),
  city: fields.CharField({ maxLength: 20, dbIndex: true }),
  age: fields.IntegerField({ null: true }),
  rank: fields.IntegerField({ default: 7 }),
  remark: fields.TextField({ null: true }),
}, { dbTable: T, uniqueTogether: [['city', 'age']] });
const AuthorV4 = defineModel('schema_t.AuthorV4', {
  name: fields.CharField({ maxLength: 20, unique: true }),
  city: fields.CharField({ maxLength: 20, dbIndex: true }),
  age: fields.IntegerField({ null: true }),
  remark: fields.TextField({ null: true }),
}, { dbTable: T, uniqueTogether: [['city', 'age']] });
const Book = defineModel('schema_t.Book', {
  title: fields.CharField({ maxLength: 40 }),
  author: new RefField(() => AuthorV1),
}, { dbTable: 'schema_book' });

const Tag: ModelClass = defineModel('schema_t.Tag', {
  label: fields.CharField({ maxLength: 30, unique: true }),
  weight: fields.IntegerField({ default: 0 }),
  owner: new RefField((): ModelClass => Tag, { null: true }),
}, { dbTable: 'schema_tag' });
const replaced = <F extends Field>(field: F, name: string): F => {
  field.contributeToClass(Tag, name);
  return field;
};

await describeDatabases('SchemaEditor', ({ vendor, connection }) => {
  const rows = async (sql: string) => (await connection().execute(sql)).rows;

  it('creates a model with its unique, index, unique-together and Meta index', async () => {
    await connection().schemaEditor().createModel(AuthorV1);
    expect(await tableExists(connection(), T)).toBe(true);
    const constraints = await tableConstraints(connection(), T);
    const names = constraints.map((c) => c.name);
    const max = connection().backend.schemaSql.maxNameLength;
    expect(names).toContain(createIndexName(T, ['city', 'age'], '_uniq', max));
    expect(names).toContain(createIndexName(T, ['city'], '', max));
    expect(names).toContain('author_age_idx');
    expect(constraints.some((c) => c.unique && c.columns.join() === 'name')).toBe(true);
    await connection().execute('INSERT INTO schema_author (name, city, age) VALUES (?, ?, ?)', ['ann', 'oslo', 30]);
    await expect(connection().execute('INSERT INTO schema_author (name, city, age) VALUES (?, ?, ?)', ['ann', 'rome', 1])).rejects.toBeInstanceOf(IntegrityError);
    await expect(connection().execute('INSERT INTO schema_author (name, city, age) VALUES (?, ?, ?)', ['bob', 'oslo', 30])).rejects.toBeInstanceOf(IntegrityError);
  });

  it('creates a model whose foreign key the database enforces', async () => {
    await connection().schemaEditor().createModel(Book);
    await connection().execute('INSERT INTO schema_book (title, author_id) VALUES (?, ?)', ['ok', 1]);
    await expect(connection().execute('INSERT INTO schema_book (title, author_id) VALUES (?, ?)', ['bad', 999])).rejects.toThrow(/foreign key constraint failed/);
  });

  it('adds a NOT NULL field, filling existing rows with its default, and a nullable one', async () => {
    const editor = connection().schemaEditor();
    await editor.addField(AuthorV1, AuthorV2.meta.getField('rank'));
    await editor.addField(AuthorV1, AuthorV2.meta.getField('note'));
    expect(await rows('SELECT name, rank, note FROM schema_author')).toEqual([{ name: 'ann', rank: 7, note: null }]);
  });

  it('alters a field: longer type, then NOT NULL, then unique', async () => {
    const editor = connection().schemaEditor();
    const city = AuthorV2.meta.getField('city');
    const longer = fields.CharField({ maxLength: 60, dbIndex: true, null: true });
    longer.contributeToClass(AuthorV2, 'city');
    await editor.alterField(AuthorV2, city, longer);
    await connection().execute('UPDATE schema_author SET city = ?', ['x'.repeat(50)]);
    const strict = fields.CharField({ maxLength: 60, unique: true });
    strict.contributeToClass(AuthorV2, 'city');
    await editor.alterField(AuthorV2, longer, strict);
    await expect(connection().execute('INSERT INTO schema_author (name, city, age, rank) VALUES (?, ?, ?, ?)', ['cy', 'x'.repeat(50), 2, 1])).rejects.toBeInstanceOf(IntegrityError);
    await expect(connection().execute('INSERT INTO schema_author (name, city, age, rank) VALUES (?, NULL, ?, ?)', ['cz', 2, 1])).rejects.toBeInstanceOf(IntegrityError);
    await connection().execute('UPDATE schema_author SET city = ?', ['oslo']);
    await editor.alterField(AuthorV2, strict, city);
    expect(await rows('SELECT name, city FROM schema_author')).toEqual([{ name: 'ann', city: 'oslo' }]);
  });

  it('renames a field and removes one, keeping the rows', async () => {
    const editor = connection().schemaEditor();
    await editor.renameField(AuthorV2, 'note', 'remark');
    expect(await rows('SELECT remark FROM schema_author')).toEqual([{ remark: null }]);
    await editor.removeField(AuthorV3, AuthorV3.meta.getField('rank'));
    await editor.removeField(AuthorV4, AuthorV4.meta.getField('remark'));
    expect(await rows('SELECT name, city, age FROM schema_author')).toEqual([{ name: 'ann', city: 'oslo', age: 30 }]);
    // The rebuild on SQLite must keep the unique-together constraint.
    await expect(connection().execute('INSERT INTO schema_author (name, city, age) VALUES (?, ?, ?)', ['dup', 'oslo', 30])).rejects.toBeInstanceOf(IntegrityError);
  });

  it('adds and removes a Meta index and changes unique-together', async () => {
    const editor = connection().schemaEditor();
    await editor.addIndex(AuthorV1, { fields: ['-name', 'city'] });
    const indexName = (await tableConstraints(connection(), T)).find((c) => c.columns.join() === 'name,city');
    expect(indexName?.name).toMatch(/^schema_auth_name_[0-9a-f]{6}_idx$/);
    await editor.removeIndex(AuthorV1, { fields: ['-name', 'city'] });
    expect((await tableConstraints(connection(), T)).some((c) => c.columns.join() === 'name,city')).toBe(false);
    await editor.alterUniqueTogether(AuthorV1, [['city', 'age']], [['name', 'age']]);
    await connection().execute('INSERT INTO schema_author (name, city, age) VALUES (?, ?, ?)', ['dup', 'oslo', 30]);
  });

  it('records the SQL without running it when collecting', async () => {
    const editor = connection().schemaEditor({ collectSql: true });
    await editor.alterDbTable(AuthorV1, T, 'schema_renamed');
    await editor.addField(AuthorV1, AuthorV2.meta.getField('note'));
    expect(editor.collectedSql[0]).toMatch(/schema_renamed/);
    expect(editor.collectedSql.every((sql) => sql.endsWith(';'))).toBe(true);
    expect(await tableExists(connection(), 'schema_renamed')).toBe(false);
  });

  it('renames a table and deletes models', async () => {
    const editor = connection().schemaEditor();
    await editor.deleteModel(Book);
    await editor.alterDbTable(AuthorV1, T, 'schema_renamed');
    expect(await tableExists(connection(), 'schema_renamed')).toBe(true);
    await editor.alterDbTable(AuthorV1, 'schema_renamed', T);
    await editor.deleteModel(AuthorV1);
    expect(await tableExists(connection(), T)).toBe(false);
  });

  it('runs several changes as one, foreign keys added at the end', async () => {
    await connection().schemaEditor().run(async (editor) => {
      await editor.createModel(Book);
      await editor.createModel(AuthorV1);
    });
    expect(await tableExists(connection(), 'schema_book')).toBe(true);
    const atomicDdl = vendor !== 'mysql';
    const failing = connection().schemaEditor().run(async (editor) => {
      await editor.deleteModel(Book);
      throw new Error('stop');
    });
    await expect(failing).rejects.toThrow('stop');
    expect(await tableExists(connection(), 'schema_book')).toBe(atomicDdl);
  });

  it('keeps a unique column’s constraint (and PostgreSQL’s LIKE index) when only NULL changes', async () => {
    const editor = connection().schemaEditor();
    await editor.createModel(Tag);
    const has = async (test: (c: { name: string; unique: boolean; columns: readonly string[] }) => boolean) =>
      (await tableConstraints(connection(), 'schema_tag')).some(test);
    await editor.alterField(Tag, Tag.meta.getField('label'), replaced(fields.CharField({ maxLength: 30, unique: true, null: true }), 'label'));
    expect(await has((c) => c.unique && c.columns.join() === 'label')).toBe(true);
    if (vendor === 'postgresql') expect(await has((c) => c.name.endsWith('_like'))).toBe(true);
  });

  it('adds and drops a db_index, and keeps the foreign key working through an alter', async () => {
    const editor = connection().schemaEditor();
    const indexed = replaced(fields.IntegerField({ default: 0, dbIndex: true }), 'weight');
    await editor.alterField(Tag, Tag.meta.getField('weight'), indexed);
    const weightIndexes = async () => (await tableConstraints(connection(), 'schema_tag')).filter((c) => c.columns.join() === 'weight' && !c.unique);
    expect(await weightIndexes()).toHaveLength(1);
    await editor.alterField(Tag, indexed, Tag.meta.getField('weight'));
    expect(await weightIndexes()).toHaveLength(0);
    const owner = Tag.meta.getField('owner');
    await editor.alterField(Tag, owner, replaced(new RefField(() => Tag), 'owner'));
    await connection().execute('INSERT INTO schema_tag (id, label, weight, owner_id) VALUES (1, ?, 0, 1)', ['self']);
    await expect(connection().execute('INSERT INTO schema_tag (id, label, weight, owner_id) VALUES (2, ?, 0, 99)', ['dangling'])).rejects.toThrow(/foreign key constraint failed/);
    await expect(connection().execute('INSERT INTO schema_tag (id, label, weight) VALUES (3, ?, 0)', ['orphan'])).rejects.toBeInstanceOf(IntegrityError);
  });
});
