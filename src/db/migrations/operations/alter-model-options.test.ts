import { describe, expect, it } from 'vitest';
import { fields } from '../../fields/index.js';
import { defineModel } from '../../models/define.js';
import { Apps } from '../../models/registry.js';
import { ModelState, ProjectState } from '../state.js';
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

describe("Meta.permissions and Meta.defaultPermissions (Django's permissions, default_permissions)", () => {
  it('are read into Options, recorded in the migration state when not the default, and set by AlterModelOptions', () => {
    const apps = new Apps();
    const Report = defineModel('amo.Report', { title: fields.CharField({ maxLength: 10 }) }, {
      apps, permissions: [['publish_report', 'Can publish report']], defaultPermissions: ['view'],
    });
    const Plain = defineModel('amo.Plain', {}, { apps });
    expect([Report.meta.permissions, Report.meta.defaultPermissions]).toEqual([[['publish_report', 'Can publish report']], ['view']]);
    expect([Plain.meta.permissions, Plain.meta.defaultPermissions]).toEqual([[], ['add', 'change', 'delete', 'view']]);
    expect(ModelState.fromModel(Report).options).toMatchObject({ permissions: [['publish_report', 'Can publish report']], defaultPermissions: ['view'] });
    expect(ModelState.fromModel(Plain).options).toEqual({});

    const state = new ProjectState();
    state.addModel(ModelState.fromModel(Report));
    new AlterModelOptions({ name: 'Report', options: { permissions: [['archive_report', 'Can archive report']] } }).stateForwards('amo', state);
    expect(state.apps.getModel('amo.Report').meta.permissions).toEqual([['archive_report', 'Can archive report']]);
    expect(state.apps.getModel('amo.Report').meta.defaultPermissions).toEqual(['add', 'change', 'delete', 'view']);
  });
});
