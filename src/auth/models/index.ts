/**
 * canter/auth's models: Django's django.contrib.auth models and django.contrib.contenttypes, with
 * their apps. Tables, columns and migrations are Django's, so either side can migrate a database
 * the other uses.
 */
export { authApp } from '../app.js';
export { contentTypesApp, ContentType, ContentTypeManager, createContentTypes } from '../contenttypes/index.js';
export { Permission, PermissionManager } from './permission.js';
export { Group, GroupManager } from './group.js';
export { User } from './user.js';
export { UserManager } from './user-manager.js';
export type { ExtraUserFields } from './user-manager.js';
export { BaseUserManager } from './base-user-manager.js';
export { AbstractBaseUser, abstractBaseUserFields } from './base-user.js';
export type { BaseUserValues, UserModelStatics } from './base-user.js';
export { AbstractUser, abstractUserFields, permissionsMixinFields, timezoneNow } from './abstract-user.js';
export type { AbstractUserValues, PermissionsRelationNames } from './abstract-user.js';
export { AnonymousUser } from './anonymous-user.js';
export { PermissionsMixin } from './permissions-mixin.js';
export { getUserModel } from './get-user-model.js';
export { checkAuth } from './checks.js';
export { createPermissions, builtinPermissions, DEFAULT_PERMISSIONS } from './create-permissions.js';
export { unicodeUsernameValidator } from './username-validator.js';
export { InvalidUserData, AnonymousUserNotStored } from './errors.js';
