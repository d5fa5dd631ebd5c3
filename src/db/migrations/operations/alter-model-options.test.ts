import { describe, expect, it } from 'vitest';
import { fields } from '../../fields/index.js';
import { ProjectState } from '../state.js';
import { AlterModelOptions, CreateModel } from './models.js';

describe('AlterModelOptions', () => {
  it('replaces the options it owns, drops those it is not given and keeps the others', () => {
    const state = new ProjectState();
    new CreateModel({
      name: 'ContentType',
      fields: { name: fields.CharField({ maxLength: 100 }) },
      options: { ordering: ['name'], dbTable: 'django_content_type', verboseName: 'content type', uniqueTogether: [['name']] },
    }).stateForwards('contenttypes', state);
    const op = new AlterModelOptions({ name: 'ContentType', options: { verboseName: 'content type', verboseNamePlural: 'content types' } });
    op.stateForwards('contenttypes', state);
    expect(state.getModel('contenttypes', 'ContentType').options).toEqual({
      dbTable: 'django_content_type', uniqueTogether: [['name']], verboseName: 'content type', verboseNamePlural: 'content types',
    });
    expect(state.apps.getModel('contenttypes.ContentType').meta.ordering).toEqual([]);
    expect([op.describe(), op.migrationNameFragment, op.reversible]).toEqual(['Change Meta options on ContentType', 'alter_contenttype_options', true]);
  });

  it('runs no SQL either way', async () => {
    const op = new AlterModelOptions({ name: 'X', options: {} });
    await expect(op.databaseForwards()).resolves.toBeUndefined();
    await expect(op.databaseBackwards()).resolves.toBeUndefined();
  });
});
