import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIndexName, foreignKeyName, indexNameForModel } from './names.js';

// Names found in databases Django made, so a table made by either has the same constraint names.
describe('createIndexName matches the names Django gives', () => {
  it('for a db_index index', () => {
    expect(createIndexName('django_session', ['expire_date'], '', 63)).toBe('django_session_expire_date_a5c62663');
    expect(createIndexName('auth_permission', ['content_type_id'], '', 63)).toBe('auth_permission_content_type_id_2f476e4b');
  });

  it('for a unique-together constraint', () => {
    expect(createIndexName('auth_permission', ['content_type_id', 'codename'], '_uniq', 63)).toBe('auth_permission_content_type_id_codename_01ab375a_uniq');
  });

  it('for foreign keys, shortened to PostgreSQL’s 63 characters', () => {
    expect(foreignKeyName('auth_permission', 'content_type_id', 'django_content_type', 'id', 63)).toBe('auth_permission_content_type_id_2f476e4b_fk_django_co');
    expect(foreignKeyName('auth_user_groups', 'group_id', 'auth_group', 'id', 63)).toBe('auth_user_groups_group_id_97559544_fk_auth_group_id');
  });

  it('never exceeds the limit, and a shortened name never starts with an underscore or digit', () => {
    const ident = fc.stringMatching(/^[a-z0-9_]{1,80}$/);
    fc.assert(
      fc.property(ident, fc.array(ident, { minLength: 1, maxLength: 4 }), fc.constantFrom('', '_uniq', '_like', '_fk_other_table_id'), fc.constantFrom(63, 64, 200), (table, columns, suffix, max) => {
        const name = createIndexName(table, columns, suffix, max);
        expect(name.length).toBeLessThanOrEqual(max);
        const full = `${table}_${columns.join('_')}_`;
        if (!name.startsWith(full)) expect(name).not.toMatch(/^[_0-9]/);
      }),
    );
  });
});

describe('indexNameForModel', () => {
  it('follows Index.set_name_with_model: table[:11]_column[:7]_hash_idx', () => {
    expect(indexNameForModel('schema_author', ['-name', 'city'])).toMatch(/^schema_auth_name_[0-9a-f]{6}_idx$/);
    expect(indexNameForModel('schema_author', ['name'])).not.toBe(indexNameForModel('schema_author', ['-name']));
  });
});
