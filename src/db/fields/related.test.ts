import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { RelatedObjectNotLoaded } from '../errors.js';
import { defineModel } from '../models/define.js';
import { Apps } from '../models/registry.js';
import { CASCADE, fields } from './index.js';
import type { ForeignKey, OneToOneField } from './index.js';
import { VENDORS, vendorStub } from './vendor-stubs.js';

const apps = new Apps();
class Owner extends defineModel('frel.Owner', { code: fields.CharField({ maxLength: 8, unique: true }) }, { apps }) {}
// Points at a model not defined yet, by label, and at itself.
class Pet extends defineModel('frel.Pet', {
  owner: fields.ForeignKey(Owner, { onDelete: CASCADE }),
  vet: fields.ForeignKey('frel.Vet', { onDelete: 'SET_NULL', null: true, relatedName: 'patients' }),
  parent: fields.ForeignKey('self', { onDelete: 'DO_NOTHING', null: true, dbConstraint: false }),
  byCode: fields.ForeignKey('frel.Owner', { onDelete: 'PROTECT', toField: 'code', null: true, relatedName: 'coded' }),
}, { apps }) {}
class Vet extends defineModel('frel.Vet', { name: fields.CharField({ maxLength: 8 }) }, { apps }) {}
class Tag extends defineModel('frel.Tag', { pet: fields.OneToOneField(Pet, { onDelete: 'CASCADE' }) }, { apps }) {}

describe('ForeignKey and OneToOneField fields', () => {
  it('name the key `<name>_id`, resolve labels lazily and register reverse relations', () => {
    const owner = Pet.meta.getField('owner') as ForeignKey;
    expect([owner.attname, owner.column, owner.internalType]).toEqual(['owner_id', 'owner_id', 'ForeignKey']);
    expect((Pet.meta.getField('vet') as ForeignKey).relatedModel.meta).toBe(Vet.meta);
    expect((Pet.meta.getField('parent') as ForeignKey).relatedModel.meta).toBe(Pet.meta);
    expect(Vet.meta.relatedObjects.map((r) => r.accessorName)).toEqual(['patients']);
    expect(Owner.meta.relatedObjects.map((r) => r.accessorName)).toEqual(['pet_set', 'coded']);
    expect(Pet.meta.relatedObjects.map((r) => r.accessorName)).toEqual(['pet_set', 'tag']);
    expect(Pet.meta.getField('owner_id')).toBe(owner);
  });

  it('columnSpec() references the target column and carries its spec; OneToOneField is unique', () => {
    expect((Pet.meta.getField('owner') as ForeignKey).columnSpec()).toMatchObject({
      column: 'owner_id', internalType: 'ForeignKey', dbIndex: true, unique: false,
      references: { table: 'frel_owner', column: 'id', target: { internalType: 'AutoField' }, constraint: true },
    });
    expect((Pet.meta.getField('byCode') as ForeignKey).columnSpec().references).toMatchObject({ column: 'code', target: { internalType: 'CharField', maxLength: 8 } });
    expect((Pet.meta.getField('parent') as ForeignKey).columnSpec().references?.constraint).toBe(false);
    const tag = Tag.meta.getField('pet') as OneToOneField;
    expect([tag.internalType, tag.unique, tag.columnSpec().dbIndex]).toEqual(['OneToOneField', true, false]);
  });

  it('deconstruct() writes the target as a label and onDelete by name', () => {
    expect(Pet.meta.getField('parent').deconstruct()).toEqual({ type: 'ForeignKey', options: { onDelete: 'DO_NOTHING', null: true, dbConstraint: false, to: 'frel.Pet' } });
    expect(Tag.meta.getField('pet').deconstruct()).toEqual({ type: 'OneToOneField', options: { onDelete: 'CASCADE', to: 'frel.Pet' } });
  });

  it('refuses a missing or unknown onDelete, and SET_NULL without null: true', () => {
    expect(() => fields.ForeignKey(Owner, {} as never)).toThrow(ImproperlyConfigured);
    expect(() => fields.ForeignKey(Owner, { onDelete: 'EXPLODE' as never })).toThrow(/onDelete, one of CASCADE, PROTECT, SET_NULL, SET_DEFAULT, DO_NOTHING, RESTRICT/);
    expect(() => fields.ForeignKey(Owner, { onDelete: 'SET_NULL' })).toThrow(/needs null: true/);
  });

  it('a target that is never registered is an error naming the field and the label', () => {
    const local = new Apps();
    const Orphan = defineModel('frel.Orphan', { home: fields.ForeignKey('frel.Nowhere', { onDelete: 'CASCADE' }) }, { apps: local });
    expect(() => (Orphan.meta.getField('home') as ForeignKey).relatedModel).toThrow("frel.Orphan.home points at 'frel.Nowhere', which is not a registered model.");
  });

  it('converts values as the target field does; an instance stands for its key (property)', () => {
    const owner = Pet.meta.getField('owner') as ForeignKey;
    const target = Owner.meta.pk;
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (n) => {
      expect(owner.toJs(n)).toBe(target.toJs(n));
      expect(owner.toJs(String(n))).toBe(target.toJs(String(n)));
      expect(owner.toJs(new Owner({ id: n, code: 'x' }))).toBe(n);
      for (const vendor of VENDORS) expect(owner.fromDb(owner.toDb(n, vendorStub(vendor)), vendorStub(vendor))).toBe(n);
    }));
    expect(owner.toJs(null)).toBeNull();
    expect(() => owner.toJs('abc')).toThrow();
  });

  it('types: the relation is the related instance, `<name>_id` the key', () => {
    const pet = new Pet({ owner_id: 1 });
    expectTypeOf<Pet['owner_id']>().toEqualTypeOf<number>();
    expectTypeOf<Pet['vet_id']>().toEqualTypeOf<number | null>();
    expectTypeOf<Pet['owner']>().toEqualTypeOf<Owner>();
    expectTypeOf<Tag['pet']>().toEqualTypeOf<Pet>();
    expect(() => pet.owner).toThrow(RelatedObjectNotLoaded);
    expect(() => pet.owner).toThrow("Pet.owner is not loaded; use `await pet.load('owner')` or `Pet.objects.selectRelated('owner')`.");
  });
});
