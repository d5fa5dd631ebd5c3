import { CASCADE, defineModel, fields, Manager, registerModel } from '../../db/index.js';
import type { ManyRelatedManager, Model, QuerySet } from '../../db/index.js';
import { ContentType } from '../contenttypes/models.js';

/**
 * Permission's manager: its QuerySets load each permission's content type with it (a permission
 * is read through it: `String(p)`, the natural key), and getByNaturalKey.
 */
export class PermissionManager extends Manager<Permission> {
  /** Kept for data migrations' historical models, as Django's use_in_migrations. */
  static useInMigrations = true;

  override getQuerySet(): QuerySet<Permission> {
    return super.getQuerySet().selectRelated('contentType');
  }

  /** The permission `codename` of the model `appLabel.modelName`: Django's get_by_natural_key. */
  async getByNaturalKey(codename: string, appLabel: string, modelName: string, options: { using?: string } = {}): Promise<Permission> {
    const using = options.using ?? 'default';
    const contentType = await ContentType.objects.getByNaturalKey(appLabel, modelName, { using });
    return this.getQuerySet().using(using).get({ codename, contentType: contentType.id } as never);
  }
}

/**
 * A permission on a model: Django's auth.Permission, table auth_permission (id, name,
 * content_type_id, codename), unique per (content type, codename). Migrate makes Django's four for
 * every model: `add_<model>`, `change_…`, `delete_…`, `view_…` named 'Can add <verbose name>'….
 *
 * @example
 * const p = await Permission.objects.getByNaturalKey('add_user', 'auth', 'user');
 * String(p); // 'Authentication and Authorization | user | Can add user'
 */
export class Permission extends defineModel('auth.Permission', {
  name: fields.CharField({ maxLength: 255, verboseName: 'name' }),
  contentType: fields.ForeignKey(ContentType, { onDelete: CASCADE, dbColumn: 'content_type_id', verboseName: 'content type' }),
  codename: fields.CharField({ maxLength: 100, verboseName: 'codename' }),
}, {
  verboseName: 'permission',
  verboseNamePlural: 'permissions',
  uniqueTogether: [['contentType', 'codename']],
  ordering: ['contentType__appLabel', 'contentType__modelName', 'codename'],
}) {
  static override get objects(): PermissionManager {
    return PermissionManager.of(this);
  }

  /** The groups that have this permission (Group.permissions' reverse side). */
  declare readonly group_set: ManyRelatedManager<Model>;
  /** The users that have it directly (the user model's user_permissions, reverse side). */
  declare readonly user_set: ManyRelatedManager<Model>;

  /** `[codename, app_label, model]`: Django's natural key (the content type must be loaded, as it is from a query). */
  naturalKey(): [string, string, string] {
    return [this.codename, ...this.contentType.naturalKey()];
  }

  /** `'<app verbose name> | <model verbose name> | <name>'`, as Django 5.x. */
  override toString(): string {
    return `${String(this.contentType)} | ${this.name}`;
  }
}
registerModel(Permission);
