import { fields } from '../../src/db/fields/index.js';
import { defineModel } from '../../src/db/models/define.js';
import { Manager } from '../../src/db/query/manager.js';

/** The models the QuerySet suites run on; tables are prefixed so other suites' tables are left alone. */
export class Book extends defineModel(
  'qtest.Book',
  {
    title: fields.CharField({ maxLength: 64 }),
    price: fields.IntegerField(),
    rating: fields.FloatField({ null: true }),
    published: fields.BooleanField({ default: false }),
    note: fields.TextField({ null: true }),
  },
  { dbTable: 'qtest_book' },
) {}

export class Ordered extends defineModel(
  'qtest.Ordered',
  { name: fields.CharField({ maxLength: 20 }), rank: fields.IntegerField() },
  { dbTable: 'qtest_ordered', ordering: ['-rank'] },
) {}

/** The custom-manager pattern auth's createUser will follow. */
export class MemberManager extends Manager<Member> {
  async createMember(email: string): Promise<Member> {
    return this.create({ email: email.trim().toLowerCase(), active: true });
  }

  active() {
    return this.filter({ active: true });
  }
}

export class Member extends defineModel(
  'qtest.Member',
  { email: fields.CharField({ maxLength: 100, unique: true }), active: fields.BooleanField({ default: false }) },
  { dbTable: 'qtest_member' },
) {
  static override get objects(): MemberManager {
    return MemberManager.of(this);
  }
}

export const MODELS = [Book, Ordered, Member] as const;
