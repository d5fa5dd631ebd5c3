import { expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { IntegrityError } from '../errors.js';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import { Apps } from '../models/registry.js';
import { tableConstraints } from './introspect.js';

const apps = new Apps();
class Team extends defineModel('afu.Team', { name: fields.CharField({ maxLength: 80, unique: true }) }, { apps }) {}
const longer = fields.CharField({ maxLength: 150, unique: true });
longer.contributeToClass(Team, 'name');

await describeDatabases('alterField keeps a unique constraint through a change of type', ({ connection }) => {
  it("widens varchar(80) to varchar(150) under the same unique constraint, as Django's migrations do (auth_group.name)", async () => {
    const uniqueNames = async () => (await tableConstraints(connection(), 'afu_team')).filter((c) => c.unique && !c.primaryKey).map((c) => c.name).sort();
    const before = await uniqueNames();
    expect(before).toHaveLength(1);
    await connection().schemaEditor().run((editor) => editor.alterField(Team, Team.meta.getField('name'), longer));
    expect(await uniqueNames()).toEqual(before);
    await Team.objects.create({ name: 'x'.repeat(150) });
    await expect(Team.objects.create({ name: 'x'.repeat(150) })).rejects.toBeInstanceOf(IntegrityError);
  });
}, { models: () => [Team] });
