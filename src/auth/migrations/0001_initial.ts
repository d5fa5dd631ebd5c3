// auth's tables as Django's auth migration 0001_initial makes them (the sizes later migrations change).
import { CASCADE, fields, migrations } from '../../db/index.js';
import { timezoneNow } from '../models/abstract-user.js';
import { GroupManager } from '../models/group.js';
import { PermissionManager } from '../models/permission.js';
import { UserManager } from '../models/user-manager.js';
import { unicodeUsernameValidator } from '../models/username-validator.js';

export default migrations.migration({
  initial: true,
  dependencies: [['contenttypes', '__first__']],
  operations: [
    new migrations.CreateModel({
      name: 'Permission',
      fields: {
        id: fields.AutoField({ primaryKey: true }),
        name: fields.CharField({ maxLength: 50, verboseName: 'name' }),
        contentType: fields.ForeignKey('contenttypes.ContentType', { onDelete: CASCADE, dbColumn: 'content_type_id', verboseName: 'content type' }),
        codename: fields.CharField({ maxLength: 100, verboseName: 'codename' }),
      },
      options: {
        ordering: ['contentType__appLabel', 'contentType__modelName', 'codename'],
        uniqueTogether: [['contentType', 'codename']],
        verboseName: 'permission',
        verboseNamePlural: 'permissions',
      },
      managers: [['objects', PermissionManager]],
    }),
    new migrations.CreateModel({
      name: 'Group',
      fields: {
        id: fields.AutoField({ primaryKey: true }),
        name: fields.CharField({ maxLength: 80, unique: true, verboseName: 'name' }),
        permissions: fields.ManyToManyField('auth.Permission', { blank: true, verboseName: 'permissions' }),
      },
      options: { verboseName: 'group', verboseNamePlural: 'groups' },
      managers: [['objects', GroupManager]],
    }),
    new migrations.CreateModel({
      name: 'User',
      fields: {
        id: fields.AutoField({ primaryKey: true }),
        password: fields.CharField({ maxLength: 128, verboseName: 'password' }),
        last_login: fields.DateTimeField({ default: timezoneNow, verboseName: 'last login' }),
        is_superuser: fields.BooleanField({ default: false, verboseName: 'superuser status' }),
        username: fields.CharField({ maxLength: 30, unique: true, verboseName: 'username', validators: [unicodeUsernameValidator] }),
        first_name: fields.CharField({ maxLength: 30, blank: true, verboseName: 'first name' }),
        last_name: fields.CharField({ maxLength: 30, blank: true, verboseName: 'last name' }),
        email: fields.EmailField({ maxLength: 75, blank: true, verboseName: 'email address' }),
        is_staff: fields.BooleanField({ default: false, verboseName: 'staff status' }),
        is_active: fields.BooleanField({ default: true, verboseName: 'active' }),
        date_joined: fields.DateTimeField({ default: timezoneNow, verboseName: 'date joined' }),
        groups: fields.ManyToManyField('auth.Group', { blank: true, verboseName: 'groups', relatedName: 'user_set', relatedQueryName: 'user' }),
        user_permissions: fields.ManyToManyField('auth.Permission', { blank: true, verboseName: 'user permissions', relatedName: 'user_set', relatedQueryName: 'user' }),
      },
      options: { verboseName: 'user', verboseNamePlural: 'users' },
      managers: [['objects', UserManager]],
    }),
  ],
});
