import type { HttpRequest } from '../../http/request.js';
import type { Model, ModelClass } from '../../db/index.js';
import { getUserModel } from '../models/index.js';
import { BaseBackend, type BackendUser } from './base.js';

/** What ModelBackend uses of a user model instance. */
interface ModelUser extends Model {
  is_active?: boolean;
  checkPassword(raw: string): Promise<boolean>;
  setPassword(raw: string | null): Promise<void>;
}

interface UserModel extends ModelClass {
  USERNAME_FIELD: string;
  objects: ModelClass['objects'] & { getByNaturalKey(username: unknown): Promise<Model> };
}

/**
 * Django's ModelBackend: authenticates a username (the user model's USERNAME_FIELD) and password
 * against the user model, refusing inactive users; gives permissions from the user and from
 * their groups. An unknown username still costs one password hash, so response times do not
 * tell which usernames exist. Stored in the session as Django's path, so either side reads the
 * other's logins.
 */
export class ModelBackend extends BaseBackend {
  static override backendPath = 'django.contrib.auth.backends.ModelBackend';

  override async authenticate(_request: HttpRequest | null, credentials: Readonly<Record<string, unknown>>): Promise<Model | null> {
    const Users = getUserModel() as UserModel;
    const username = credentials.username ?? credentials[Users.USERNAME_FIELD];
    const password = credentials.password;
    if (username === undefined || username === null || typeof password !== 'string') return null;
    let user: ModelUser;
    try {
      user = await Users.objects.getByNaturalKey(username) as ModelUser;
    } catch (error) {
      if (!(error instanceof Users.DoesNotExist)) throw error;
      // Run the default hasher once, so an unknown username takes as long as a wrong password.
      await (new Users() as ModelUser).setPassword(password);
      return null;
    }
    return (await user.checkPassword(password)) && this.userCanAuthenticate(user) ? user : null;
  }

  /** False for users whose is_active is false; users without the field may authenticate. */
  userCanAuthenticate(user: BackendUser): boolean {
    return user.is_active !== false;
  }

  override async getUser(userId: unknown): Promise<Model | null> {
    const Users = getUserModel();
    let pk: unknown;
    try {
      pk = Users.meta.pk.toJs(userId);
    } catch {
      return null;
    }
    const user = await Users.objects.filter({ pk } as never).first() as ModelUser | undefined;
    return user !== undefined && this.userCanAuthenticate(user) ? user : null;
  }
}

/** ModelBackend without the is_active check: inactive users may log in. */
export class AllowAllUsersModelBackend extends ModelBackend {
  static override backendPath = 'django.contrib.auth.backends.AllowAllUsersModelBackend';

  override userCanAuthenticate(): boolean {
    return true;
  }
}
