import { defineModel, fields, Manager, registerModel } from '../../db/index.js';
import type { ManyRelatedManager, Model } from '../../db/index.js';

/** Group's manager: getByNaturalKey. */
export class GroupManager extends Manager<Group> {
  /** Kept for data migrations' historical models, as Django's use_in_migrations. */
  static useInMigrations = true;

  /** The group of that name: Django's get_by_natural_key. */
  getByNaturalKey(name: string): Promise<Group> {
    return this.get({ name });
  }
}

/**
 * A named set of users sharing permissions: Django's auth.Group, table auth_group (id, name
 * unique); `permissions` is a many-to-many relation through auth_group_permissions (group_id,
 * permission_id). Its users are `group.user_set`.
 *
 * @example
 * const editors = await Group.objects.create({ name: 'editors' });
 * await editors.permissions.add(changeArticle);
 */
export class Group extends defineModel('auth.Group', {
  name: fields.CharField({ maxLength: 150, unique: true, verboseName: 'name' }),
  permissions: fields.ManyToManyField('auth.Permission', { blank: true, verboseName: 'permissions' }),
}, { verboseName: 'group', verboseNamePlural: 'groups' }) {
  static override get objects(): GroupManager {
    return GroupManager.of(this);
  }

  /** The users in this group (the user model's groups, reverse side). */
  declare readonly user_set: ManyRelatedManager<Model>;

  /** `[name]`: Django's natural key. */
  naturalKey(): [string] {
    return [this.name];
  }

  override toString(): string {
    return this.name;
  }
}
registerModel(Group);
