import { defineModel, registerModel } from '../../db/index.js';
import { abstractUserFields, AbstractUser } from './abstract-user.js';
import { UserManager } from './user-manager.js';

/**
 * A user: Django's auth.User, table auth_user with Django's columns (id, password, last_login,
 * is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined) and
 * field names (`user.is_active`, `user.last_login`), so a Canter service and a Django site share
 * rows. `groups` and `user_permissions` go through auth_user_groups and auth_user_user_permissions.
 *
 * @example
 * const ann = await User.objects.createUser('ann', 'ann@example.com', 's3cret');
 * ann.getFullName(); ann.isAuthenticated; // '', true
 */
export class User extends AbstractUser(defineModel('auth.User', abstractUserFields(), {
  verboseName: 'user',
  verboseNamePlural: 'users',
})) {
  static override get objects(): UserManager<User> {
    return UserManager.of(this) as UserManager<User>;
  }
}
registerModel(User);
