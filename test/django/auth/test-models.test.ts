/**
 * Django's tests/auth_tests/test_models.py (Django 5.x), ported. Each database runs auth's and
 * contenttypes' migrations (post_migrate makes the permissions), and the auth_tests models get
 * their tables and, through createPermissions(), their permissions, as Django's test run does.
 * PASSWORD_HASHERS is MD5 as in Django's test settings, except where a test overrides it.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AnonymousUser, AnonymousUserNotStored, AuthBackendRequired, authApp, BaseBackend, ContentType, contentTypesApp, createPermissions, getHasher,
  getUserModel, Group, InvalidPermissionName, InvalidUserData, ModelBackend, Permission, UnknownAuthBackend, User, UserManager,
} from '../../../src/auth/index.js';
import type { QuerySet } from '../../../src/db/index.js';
import { configureSettings, defineSettings, getSettings, overrideSettings, settingsConfigured } from '../../../src/conf/settings/index.js';
import { connections, MigrationExecutor, MigrationLoader, migrations, postSave, ProjectState } from '../../../src/db/index.js';
import { ModelState } from '../../../src/db/migrations/index.js';
import { outbox, resetOutbox } from '../../../src/mail/index.js';
import type { ModelClass, Operation } from '../../../src/db/index.js';
import { describeDatabases, flushTables } from '../../../src/testing/databases.js';
import { AUTH_TESTS_MODELS, authTestsApp, BareBaseUser, CustomEmailField, IntegerUsernameUser } from './auth-tests-models.js';
import type { IsActiveTestUser1 } from './auth-tests-models.js';

const APPS = [contentTypesApp, authApp, authTestsApp];
const TEST_SETTINGS = { INSTALLED_APPS: APPS, PASSWORD_HASHERS: ['md5'] };

if (!settingsConfigured()) configureSettings(defineSettings({ SECRET_KEY: 'django-tests-secret-key', DEBUG: true, ...TEST_SETTINGS }));

/** Counts password_changed() calls, as Django's tests count them by mocking the function. */
class CountingValidator {
  static changed = 0;
  validate(): void {}
  getHelpText(): string {
    return '';
  }
  passwordChanged(): void {
    CountingValidator.changed += 1;
  }
}

await describeDatabases('auth_tests.test_models', () => {
  let restore: () => void;
  beforeAll(async () => {
    // 'other' is LoadDataWithNaturalKeysAndMultipleDatabasesTestCase's second database; it is set
    // here because a change of DATABASES closes every connection (SQLite's in-memory default too).
    restore = overrideSettings({ ...TEST_SETTINGS, DATABASES: { ...getSettings().DATABASES, other: { ENGINE: 'sqlite', NAME: ':memory:' } } });
    for (const app of APPS) await app.models!();
    await new MigrationExecutor(connections.get(), await MigrationLoader.load(APPS)).migrate();
    await connections.get().schemaEditor().run(async (editor) => {
      for (const model of AUTH_TESTS_MODELS) await editor.createModel(model);
    });
    await createPermissions('auth_tests');
    return () => restore();
  });
  beforeEach(async () => {
    ContentType.objects.clearCache();
    await flushTables([User, Group, ...AUTH_TESTS_MODELS]);
  });

  describe('NaturalKeysTestCase', () => {
    it('test_user_natural_key', async () => {
      const staffUser = await User.objects.createUser('staff');
      expect((await User.objects.getByNaturalKey('staff')).equals(staffUser)).toBe(true);
      expect(staffUser.naturalKey()).toEqual(['staff']);
    });

    it('test_auser_natural_key', async () => {
      const staffUser = await User.objects.createUser('staff');
      expect((await User.objects.getByNaturalKey('staff')).equals(staffUser)).toBe(true);
    });

    it('test_group_natural_key', async () => {
      const usersGroup = await Group.objects.create({ name: 'users' });
      expect((await Group.objects.getByNaturalKey('users')).equals(usersGroup)).toBe(true);
    });

    it('test_agroup_natural_key', async () => {
      const usersGroup = await Group.objects.create({ name: 'users' });
      expect((await Group.objects.getByNaturalKey('users')).equals(usersGroup)).toBe(true);
    });
  });

  describe('LoadDataWithNaturalKeysAndMultipleDatabasesTestCase', () => {
    // Django's databases = {'default', 'other'}: 'other' is a second database, migrated too.
    beforeAll(async () => {
      await new MigrationExecutor(connections.get('other'), await MigrationLoader.load(APPS)).migrate();
    });

    it('test_load_data_with_user_permissions', async () => {
      // Create test contenttypes for both databases
      const defaultObjects = [
        await ContentType.objects.using('default').create({ modelName: 'examplemodela', appLabel: 'app_a' }),
        await ContentType.objects.using('default').create({ modelName: 'examplemodelb', appLabel: 'app_b' }),
      ];
      const otherObjects = [
        await ContentType.objects.using('other').create({ modelName: 'examplemodelb', appLabel: 'app_b' }),
        await ContentType.objects.using('other').create({ modelName: 'examplemodela', appLabel: 'app_a' }),
      ];
      // Now we create the test UserPermission
      await Permission.objects.using('default').create({ name: 'Can delete example model b', codename: 'delete_examplemodelb', contentType: defaultObjects[1] });
      await Permission.objects.using('other').create({ name: 'Can delete example model b', codename: 'delete_examplemodelb', contentType: otherObjects[0] });
      const permDefault = await Permission.objects.getByNaturalKey('delete_examplemodelb', 'app_b', 'examplemodelb');
      const permOther = await Permission.objects.getByNaturalKey('delete_examplemodelb', 'app_b', 'examplemodelb', { using: 'other' });
      expect(permDefault.contentType_id).toBe(defaultObjects[1]!.id);
      expect(permOther.contentType_id).toBe(otherObjects[0]!.id);
    });
  });

  describe('UserManagerTestCase', () => {
    it('test_create_user', async () => {
      const emailLowercase = 'normal@normal.com';
      const user = await User.objects.createUser('user', emailLowercase);
      expect(user.email).toBe(emailLowercase);
      expect(user.username).toBe('user');
      expect(user.hasUsablePassword()).toBe(false);
    });

    it('test_create_user_email_domain_normalize_rfc3696', () => {
      // RFC 3696 section 3: "@" may be part of the local part of an address.
      expect(UserManager.normalizeEmail(String.raw`Abc\@DEF@EXAMPLE.com`)).toBe(String.raw`Abc\@DEF@example.com`);
    });

    it('test_create_user_email_domain_normalize', () => {
      expect(UserManager.normalizeEmail('normal@DOMAIN.COM')).toBe('normal@domain.com');
    });

    it('test_create_user_email_domain_normalize_with_whitespace', () => {
      expect(UserManager.normalizeEmail(String.raw`email\ with_whitespace@D.COM`)).toBe(String.raw`email\ with_whitespace@d.com`);
    });

    it('test_empty_username', async () => {
      const created = User.objects.createUser('');
      await expect(created).rejects.toBeInstanceOf(InvalidUserData);
      await expect(created).rejects.toThrow('The given username must be set');
    });

    it('test_create_user_is_staff', async () => {
      const email = 'normal@normal.com';
      const user = await User.objects.createUser('user', email, undefined, { is_staff: true });
      expect(user.email).toBe(email);
      expect(user.username).toBe('user');
      expect(user.is_staff).toBe(true);
    });

    for (const name of ['test_create_super_user_raises_error_on_false_is_superuser', 'test_acreate_super_user_raises_error_on_false_is_superuser']) {
      it(name, async () => {
        const created = User.objects.createSuperuser('test', 'test@test.com', 'test', { is_superuser: false });
        await expect(created).rejects.toBeInstanceOf(InvalidUserData);
        await expect(created).rejects.toThrow('Superuser must have is_superuser=True.');
      });
    }

    for (const name of ['test_create_superuser_raises_error_on_false_is_staff', 'test_acreate_superuser_raises_error_on_false_is_staff']) {
      it(name, async () => {
        const created = User.objects.createSuperuser('test', 'test@test.com', 'test', { is_staff: false });
        await expect(created).rejects.toBeInstanceOf(InvalidUserData);
        await expect(created).rejects.toThrow('Superuser must have is_staff=True.');
      });
    }
    it('test_runpython_manager_methods', async () => {
      const operation: Operation = new migrations.RunCode({
        code: async ({ state }) => {
          const UserModel = state.apps.getModel('auth.User');
          const user = await (UserModel.objects as unknown as UserManager).createUser('user1', undefined, 'secure');
          expect(user).toBeInstanceOf(UserModel);
        },
        reverse: migrations.noop,
      });
      const projectState = new ProjectState();
      for (const model of [User, Group, Permission, ContentType]) projectState.addModel(ModelState.fromModel(model));
      const newState = projectState.clone();
      await connections.get().schemaEditor().run(async (editor) => {
        operation.stateForwards('test_manager_methods', newState);
        await operation.databaseForwards('test_manager_methods', editor, projectState, newState);
      });
      const user = await User.objects.get({ username: 'user1' });
      expect(await user.checkPassword('secure')).toBe(true);
    });
  });

  describe('AbstractBaseUserTests', () => {
    it('test_has_usable_password', () => {
      // Passwords are usable even if they don't correspond to a hasher in PASSWORD_HASHERS.
      expect(new User({ password: 'some-gibbberish' }).hasUsablePassword()).toBe(true);
    });

    it('test_normalize_username', () => {
      expect(IntegerUsernameUser.normalizeUsername(123)).toBe(123);
    });

    it('test_clean_normalize_username', () => {
      const ohmUsername = 'iamthe\u2126'; // U+2126 OHM SIGN
      for (const model of ['auth.User', 'auth_tests.CustomUser']) {
        const restore = overrideSettings({ AUTH_USER_MODEL: model });
        try {
          const UserModel = getUserModel() as ModelClass & { USERNAME_FIELD: string };
          const user = new UserModel({ [UserModel.USERNAME_FIELD]: ohmUsername, password: 'foo' }) as InstanceType<typeof BareBaseUser>;
          user.clean();
          const username = user.getUsername();
          expect(username, model).not.toBe(ohmUsername);
          expect(username, model).toBe('iamthe\u03a9'); // U+03A9 GREEK CAPITAL LETTER OMEGA
        } finally {
          restore();
        }
      }
    });

    it('test_default_email', () => {
      // Django asks AbstractBaseUser itself (a classmethod); Canter's AbstractBaseUser is a mixin,
      // so a model made with it alone, overriding nothing, answers.
      expect(new BareBaseUser().getEmailFieldName()).toBe('email');
    });

    it('test_custom_email', () => {
      expect(new CustomEmailField().getEmailFieldName()).toBe('email_address');
    });
  });

  describe('AbstractUserTestCase', () => {
    afterEach(() => {
      CountingValidator.changed = 0;
    });

    it('test_email_user', async () => {
      // valid send_mail parameters
      const kwargs = { failSilently: false, authUser: null, authPassword: null, connection: null, htmlMessage: null };
      const restore = overrideSettings({ EMAIL_BACKEND: 'locmem' });
      try {
        resetOutbox();
        const user = new User({ email: 'foo@bar.com' });
        await user.emailUser('Subject here', 'This is a message', 'from@domain.com', kwargs);
        expect(outbox).toHaveLength(1);
        const message = outbox[0]!;
        expect(message.subject).toBe('Subject here');
        expect(message.body).toBe('This is a message');
        expect(message.fromEmail).toBe('from@domain.com');
        expect(message.to).toEqual([user.email]);
      } finally {
        restore();
      }
    });

    it('test_last_login_default', async () => {
      const user1 = await User.objects.create({ username: 'user1' });
      expect(user1.last_login).toBeNull();
      const user2 = await User.objects.createUser('user2');
      expect(user2.last_login).toBeNull();
    });

    it('test_user_clean_normalize_email', () => {
      const user = new User({ username: 'user', password: 'foo', email: 'foo@BAR.com' });
      user.clean();
      expect(user.email).toBe('foo@bar.com');
    });

    it('test_user_double_save', async () => {
      // Calling user.save() twice should trigger password_changed() once.
      const restore = overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: CountingValidator }] });
      try {
        const user = await User.objects.createUser('user', undefined, 'foo');
        await user.setPassword('bar');
        CountingValidator.changed = 0;
        await user.save();
        expect(CountingValidator.changed).toBe(1);
        await user.save();
        expect(CountingValidator.changed).toBe(1);
      } finally {
        restore();
      }
    });

    for (const name of ['test_check_password_upgrade', 'test_acheck_password_upgrade']) {
      it(name, async () => {
        // password_changed() shouldn't be called if User.check_password() triggers a hash iteration upgrade.
        const restore = overrideSettings({
          PASSWORD_HASHERS: ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'scrypt'],
          AUTH_PASSWORD_VALIDATORS: [{ NAME: CountingValidator }],
        });
        const hasher = getHasher('default') as ReturnType<typeof getHasher> & { iterations: number };
        const oldIterations = hasher.iterations;
        try {
          const user = await User.objects.createUser('user', undefined, 'foo');
          const initialPassword = user.password;
          expect(await user.checkPassword('foo')).toBe(true);
          expect(hasher.algorithm).toBe('pbkdf2_sha256');
          // Upgrade the password iterations
          hasher.iterations = oldIterations + 1;
          CountingValidator.changed = 0;
          await user.checkPassword('foo');
          expect(CountingValidator.changed).toBe(0);
          expect(user.password).not.toBe(initialPassword);
        } finally {
          hasher.iterations = oldIterations;
          restore();
        }
      }, 60_000);
    }
  });

  describe('UserWithPermTestCase', () => {
    /** Django's CustomModelBackend: users whose names start with "charlie", or only charliebrown for obj=charliebrown. */
    class CustomModelBackend extends ModelBackend {
      override withPerm(_perm: unknown, options: { obj?: unknown } = {}): QuerySet<User> {
        const obj = options.obj as User | undefined;
        if (obj !== undefined && obj !== null && obj.username === 'charliebrown') return User.objects.filter({ pk: obj.pk });
        return User.objects.filter({ username__startswith: 'charlie' });
      }
    }

    let permission: Permission;
    let user1: User, user2: User, userCharlie: User, userCharlieB: User, superuser: User, inactiveUser: User;
    beforeEach(async () => {
      const contentType = await ContentType.objects.getForModel(Group);
      [permission] = await Permission.objects.getOrCreate({ codename: 'test', contentType } as never, { defaults: { name: 'test' } });
      // User with permission.
      user1 = await User.objects.createUser('user 1', 'foo@example.com');
      await user1.user_permissions.add(permission);
      // User with group permission.
      const group1 = await Group.objects.create({ name: 'group 1' });
      await group1.permissions.add(permission);
      const group2 = await Group.objects.create({ name: 'group 2' });
      await group2.permissions.add(permission);
      user2 = await User.objects.createUser('user 2', 'bar@example.com');
      await user2.groups.add(group1, group2);
      // Users without permissions.
      userCharlie = await User.objects.createUser('charlie', 'charlie@example.com');
      userCharlieB = await User.objects.createUser('charliebrown', 'charlie@brown.com');
      // Superuser.
      superuser = await User.objects.createSuperuser('superuser', 'superuser@example.com', 'superpassword');
      // Inactive user with permission.
      inactiveUser = await User.objects.createUser('inactive_user', 'baz@example.com', undefined, { is_active: false });
      await inactiveUser.user_permissions.add(permission);
    });

    const names = async (users: QuerySet<User> | Promise<User[]>): Promise<string[]> => (await users).map((u) => u.username).sort();
    const sorted = (users: readonly User[]): string[] => users.map((u) => u.username).sort();

    it('test_invalid_permission_name', () => {
      for (const perm of ['nodots', 'too.many.dots', '...', '']) {
        expect(() => User.objects.withPerm(perm), perm).toThrow(InvalidPermissionName);
        expect(() => User.objects.withPerm(perm), perm).toThrow('Permission name should be in the form app_label.permission_codename.');
      }
    });

    it('test_invalid_permission_type', () => {
      for (const perm of [new TextEncoder().encode('auth.test'), {}, null]) {
        expect(() => User.objects.withPerm(perm), String(perm)).toThrow(new TypeError('The `perm` argument must be a string or a permission instance.'));
      }
    });

    it('test_invalid_backend_type', () => {
      for (const backend of [new TextEncoder().encode('auth_tests.CustomModelBackend'), {}]) {
        expect(() => User.objects.withPerm('auth.test', { backend: backend as never })).toThrow(TypeError);
        expect(() => User.objects.withPerm('auth.test', { backend: backend as never })).toThrow(/^backend must be a dotted import path string/);
      }
    });

    it('test_basic', async () => {
      const activeUsers = [user1, user2];
      const tests: Array<[Parameters<typeof User.objects.withPerm>[1], User[]]> = [
        [{}, [...activeUsers, superuser]],
        [{ obj: user1 }, []],
        // Only inactive users.
        [{ isActive: false }, [inactiveUser]],
        // All users.
        [{ isActive: null }, [...activeUsers, superuser, inactiveUser]],
        // Exclude superusers.
        [{ includeSuperusers: false }, activeUsers],
        [{ includeSuperusers: false, isActive: false }, [inactiveUser]],
        [{ includeSuperusers: false, isActive: null }, [...activeUsers, inactiveUser]],
      ];
      for (const [kwargs, expectedUsers] of tests) {
        for (const perm of ['auth.test', permission]) {
          expect(await names(User.objects.withPerm(perm, kwargs)), `${String(perm)} ${JSON.stringify(Object.keys(kwargs ?? {}))}`).toEqual(sorted(expectedUsers));
        }
      }
    });

    it('test_backend_without_with_perm', async () => {
      const restore = overrideSettings({ AUTHENTICATION_BACKENDS: [BaseBackend] as never });
      try {
        expect(await names(User.objects.withPerm('auth.test'))).toEqual([]);
      } finally {
        restore();
      }
    });

    it('test_nonexistent_permission', async () => {
      expect(await names(User.objects.withPerm('auth.perm'))).toEqual(['superuser']);
    });

    it('test_nonexistent_backend', () => {
      expect(() => User.objects.withPerm('auth.test', { backend: 'invalid.backend.CustomModelBackend' })).toThrow(UnknownAuthBackend);
    });

    it('test_invalid_backend_submodule', () => {
      expect(() => User.objects.withPerm('auth.test', { backend: 'json.tool' })).toThrow(UnknownAuthBackend);
    });

    it('test_custom_backend', async () => {
      const restore = overrideSettings({ AUTHENTICATION_BACKENDS: [CustomModelBackend] as never });
      try {
        for (const perm of ['auth.test', permission]) expect(await names(User.objects.withPerm(perm))).toEqual(sorted([userCharlie, userCharlieB]));
      } finally {
        restore();
      }
    });

    it('test_custom_backend_pass_obj', async () => {
      const restore = overrideSettings({ AUTHENTICATION_BACKENDS: [CustomModelBackend] as never });
      try {
        for (const perm of ['auth.test', permission]) expect(await names(User.objects.withPerm(perm, { obj: userCharlieB }))).toEqual(['charliebrown']);
      } finally {
        restore();
      }
    });

    it('test_multiple_backends', async () => {
      const restore = overrideSettings({ AUTHENTICATION_BACKENDS: [CustomModelBackend, 'django.contrib.auth.backends.ModelBackend'] as never });
      try {
        const msg = 'You have multiple authentication backends configured and therefore must provide the `backend` argument.';
        expect(() => User.objects.withPerm('auth.test')).toThrow(AuthBackendRequired);
        expect(() => User.objects.withPerm('auth.test')).toThrow(msg);
        expect(await names(User.objects.withPerm('auth.test', { backend: CustomModelBackend }))).toEqual(sorted([userCharlie, userCharlieB]));
      } finally {
        restore();
      }
    });
  });

  describe('IsActiveTestCase', () => {
    it('test_builtin_user_isactive', async () => {
      const user = await User.objects.create({ username: 'foo', email: 'foo@bar.com' });
      // is_active is true by default
      expect(user.is_active).toBe(true);
      user.is_active = false;
      await user.save();
      const userFetched = await User.objects.get({ pk: user.pk });
      // the is_active flag is saved
      expect(userFetched.is_active).toBe(false);
    });

    it('test_is_active_field_default', async () => {
      const restore = overrideSettings({ AUTH_USER_MODEL: 'auth_tests.IsActiveTestUser1' });
      try {
        const UserModel = getUserModel();
        const user = new UserModel({ username: 'foo' }) as IsActiveTestUser1;
        expect(user.is_active).toBe(true);
        // you can set the attribute - but it will not save
        user.is_active = false;
        // there should be no problem saving - but the attribute is not saved
        await user.save();
        const userFetched = (await UserModel.objects.get({ pk: user.pk })) as IsActiveTestUser1;
        // the attribute is always true for newly retrieved instance
        expect(userFetched.is_active).toBe(true);
      } finally {
        restore();
      }
    });
  });

  describe('TestCreateSuperUserSignals', () => {
    let signalsCount = 0;
    const postSaveListener = (): void => {
      signalsCount += 1;
    };
    beforeEach(() => {
      signalsCount = 0;
      postSave.connect(postSaveListener, { sender: User });
      return () => void postSave.disconnect(postSaveListener, { sender: User });
    });

    it('test_create_user', async () => {
      await User.objects.createUser('JohnDoe');
      expect(signalsCount).toBe(1);
    });

    it('test_create_superuser', async () => {
      await User.objects.createSuperuser('JohnDoe', 'mail@example.com', '1');
      expect(signalsCount).toBe(1);
    });
  });

  describe('AnonymousUserTests', () => {
    const NO_REPR_MSG = "Canter doesn't provide a DB representation for AnonymousUser.";
    let user: AnonymousUser;
    beforeEach(() => {
      user = new AnonymousUser();
    });

    it('test_properties', async () => {
      expect(user.pk).toBeNull();
      expect(user.username).toBe('');
      expect(user.getUsername()).toBe('');
      expect(user.isAnonymous).toBe(true);
      expect(user.isAuthenticated).toBe(false);
      expect(user.is_staff).toBe(false);
      expect(user.is_active).toBe(false);
      expect(user.is_superuser).toBe(false);
      expect(await user.groups.count()).toBe(0);
      expect(await user.user_permissions.count()).toBe(0);
      expect(await user.getUserPermissions()).toEqual(new Set());
      expect(await user.getGroupPermissions()).toEqual(new Set());
    });

    it('test_properties_async_versions', async () => {
      expect(await user.groups.all().count()).toBe(0);
      expect(await user.user_permissions.all().count()).toBe(0);
      expect(await user.getUserPermissions()).toEqual(new Set());
      expect(await user.getGroupPermissions()).toEqual(new Set());
    });

    it('test_str', () => {
      expect(String(user)).toBe('AnonymousUser');
    });

    it('test_eq', () => {
      expect(user.equals(new AnonymousUser())).toBe(true);
      expect(user.equals(new User({ username: 'super', email: 'super@example.com', password: 'super' }))).toBe(false);
    });

    it('test_int', () => {
      expect(() => Number(user)).toThrow(new TypeError('Cannot cast AnonymousUser to int. Are you trying to use it in place of User?'));
    });

    for (const [name, call] of [
      ['test_delete', () => user.delete()],
      ['test_save', () => user.save()],
      ['test_set_password', () => user.setPassword('password')],
      ['test_check_password', () => user.checkPassword('password')],
    ] as const) {
      it(name, async () => {
        await expect(call()).rejects.toBeInstanceOf(AnonymousUserNotStored);
        await expect(call()).rejects.toThrow(NO_REPR_MSG);
      });
    }
  });

  describe('GroupTests', () => {
    it('test_str', () => {
      const g = new Group({ name: 'Users' });
      expect(String(g)).toBe('Users');
    });
  });

  describe('PermissionTests', () => {
    it('test_str', async () => {
      const p = await Permission.objects.get({ codename: 'view_customemailfield' });
      expect(String(p)).toBe('Auth_Tests | custom email field | Can view custom email field');
    });
  });
});
