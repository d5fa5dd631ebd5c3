import { describe, expect, it } from 'vitest';
import { fields } from '../fields/index.js';
import { defineModel } from '../models/define.js';
import { Apps } from '../models/registry.js';
import { Manager } from '../query/manager.js';
import type { Model } from '../models/model.js';
import { CreateModel } from './operations/models.js';
import { ModelState, ProjectState } from './state.js';

class MemberManager<M extends Model = Model> extends Manager<M> {
  static useInMigrations = true;
  describeModel(): string {
    return this.model.meta.label;
  }
}
class PlainManager<M extends Model = Model> extends Manager<M> {}

const apps = new Apps();
class Member extends defineModel('mgrs.Member', { name: fields.CharField({ maxLength: 8 }) }, { apps }) {
  static override get objects(): MemberManager<Member> {
    return MemberManager.of(this) as MemberManager<Member>;
  }
}
class Guest extends defineModel('mgrs.Guest', { name: fields.CharField({ maxLength: 8 }) }, { apps }) {
  static override get objects(): PlainManager<Guest> {
    return PlainManager.of(this) as PlainManager<Guest>;
  }
}

describe("managers in migration states (Django's use_in_migrations)", () => {
  it('ModelState.fromModel keeps a manager whose class says useInMigrations, and no other', () => {
    expect(ModelState.fromModel(Member).managers).toEqual([['objects', MemberManager]]);
    expect(ModelState.fromModel(Guest).managers).toEqual([]);
  });

  it('the historical model gets the manager, bound to itself, through clones of the state', () => {
    const state = new ProjectState();
    state.addModel(ModelState.fromModel(Member));
    const historical = state.clone().apps.getModel('mgrs.Member');
    expect(historical).not.toBe(Member);
    expect(historical.objects).toBeInstanceOf(MemberManager);
    expect((historical.objects as unknown as MemberManager).describeModel()).toBe('mgrs.Member');
    expect(historical.objects.model).toBe(historical);
  });

  it("CreateModel's managers reach the historical model", () => {
    const state = new ProjectState();
    new CreateModel({ name: 'Club', fields: { name: fields.CharField({ maxLength: 8 }) }, managers: [['objects', MemberManager]] }).stateForwards('mgrs', state);
    expect(state.apps.getModel('mgrs.Club').objects).toBeInstanceOf(MemberManager);
    new CreateModel({ name: 'Bare', fields: {} }).stateForwards('mgrs', state);
    expect(state.apps.getModel('mgrs.Bare').objects).not.toBeInstanceOf(MemberManager);
  });
});
