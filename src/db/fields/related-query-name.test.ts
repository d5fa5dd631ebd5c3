import { describe, expect, it } from 'vitest';
import { describeDatabases } from '../../testing/databases.js';
import { defineModel } from '../models/define.js';
import { Apps } from '../models/registry.js';
import { CASCADE, fields } from './index.js';
import type { ForeignKey, ManyToManyField } from './index.js';

const apps = new Apps();
class Team extends defineModel('rqn.Team', { name: fields.CharField({ maxLength: 8 }) }, { apps }) {}
class Player extends defineModel('rqn.Player', {
  team: fields.ForeignKey(Team, { onDelete: CASCADE, relatedName: 'player_set', relatedQueryName: 'player' }),
  rivals: fields.ManyToManyField(Team, { relatedName: 'rival_set', relatedQueryName: 'rival' }),
  fans: fields.ManyToManyField(Team, { relatedName: 'fan_set' }),
}, { apps }) {}

describe('relatedQueryName (Django\'s related_query_name)', () => {
  it('names the reverse relation in queries apart from its accessor', () => {
    const team = Player.meta.getField('team') as ForeignKey;
    expect([team.accessorName, team.relatedQueryName]).toEqual(['player_set', 'player']);
    const rivals = Player.meta.getField('rivals') as ManyToManyField;
    expect([rivals.accessorName, rivals.relatedQueryName]).toEqual(['rival_set', 'rival']);
  });

  it('defaults to relatedName, as Django does', () => {
    const fans = Player.meta.getField('fans') as ManyToManyField;
    expect([fans.accessorName, fans.relatedQueryName]).toEqual(['fan_set', 'fan_set']);
  });
});

await describeDatabases('relatedQueryName in queries', () => {
  it('is what reverse lookups are spelt with; the accessor name is not', async () => {
    const [red, blue] = [await Team.objects.create({ name: 'red' }), await Team.objects.create({ name: 'blue' })];
    const player = await Player.objects.create({ team: red });
    await player.rivals.add(blue);
    expect((await Team.objects.filter({ player__id: player.id } as never)).map((t) => t.name)).toEqual(['red']);
    expect((await Team.objects.filter({ rival__id: player.id } as never)).map((t) => t.name)).toEqual(['blue']);
    expect(() => Team.objects.filter({ rival_set__id: player.id } as never)).toThrow(/rival_set/);
  });
}, { models: () => [Team, Player] });
