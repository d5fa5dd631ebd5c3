import { describe, expect, it } from 'vitest';
import { fields } from '../fields/index.js';
import { defineModel, registerModel } from './define.js';
import { Apps } from './registry.js';

describe('registerModel', () => {
  it('puts a subclass of a defined model in the registry before its first use', () => {
    const apps = new Apps();
    const Defined = defineModel('regm.Member', { name: fields.CharField({ maxLength: 8 }) }, { apps });
    class Member extends Defined {
      greet(): string {
        return `hi ${this.name}`;
      }
    }
    expect(apps.getModel('regm.Member')).toBe(Defined);
    registerModel(Member);
    expect(apps.getModel('regm.Member')).toBe(Member);
    registerModel(Member);
    expect(apps.getModel('regm.member')).toBe(Member);
  });

  it('leaves the registry alone for a class that is not a subclass of the registered one', () => {
    const apps = new Apps();
    const Defined = defineModel('regm.Other', { name: fields.CharField({ maxLength: 8 }) }, { apps });
    const Unrelated = defineModel('regm.Unrelated', {}, { apps });
    registerModel(Unrelated);
    expect(apps.getModel('regm.Other')).toBe(Defined);
    expect(apps.getModel('regm.Unrelated')).toBe(Unrelated);
  });
});
