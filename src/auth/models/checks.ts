import { installedApps } from '../../conf/apps.js';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import { apps } from '../../db/index.js';
import type { ModelClass } from '../../db/index.js';
import { builtinPermissions } from './create-permissions.js';
import { getUserModel } from './get-user-model.js';

const NAME_MAX_LENGTH = 255;
const CODENAME_MAX_LENGTH = 100;

/**
 * The start-up check of Django's auth checks (check_user_model, check_models_permissions), when
 * authApp is installed: AUTH_USER_MODEL names an installed model; its USERNAME_FIELD is not in
 * REQUIRED_FIELDS (auth.E002) and is unique while ModelBackend is the backend (auth.E003); and
 * no model's permissions have a name longer than 255 characters or a codename longer than 100
 * (auth.E008, E011, E012), which their columns could not hold.
 */
export function checkAuth(): void {
  if (!installedApps().some((app) => app.label === 'auth')) return;
  const userModel = getUserModel() as ModelClass & { USERNAME_FIELD?: string; REQUIRED_FIELDS?: readonly string[] };
  const usernameField = userModel.USERNAME_FIELD ?? 'username';
  if ((userModel.REQUIRED_FIELDS ?? []).includes(usernameField)) {
    throw new ImproperlyConfigured(
      `auth.E002: The field named as the 'USERNAME_FIELD' for a custom user model must not be included in 'REQUIRED_FIELDS' ` +
        `(${userModel.meta.label}: remove '${usernameField}' from REQUIRED_FIELDS).`,
    );
  }
  const backends = getSettings().AUTHENTICATION_BACKENDS;
  const onlyModelBackend = backends.every((backend) => backend === 'ModelBackend' || backend === 'django.contrib.auth.backends.ModelBackend');
  if (onlyModelBackend && !userModel.meta.getField(usernameField).unique) {
    throw new ImproperlyConfigured(`auth.E003: '${userModel.meta.objectName}.${usernameField}' must be unique because it is named as the 'USERNAME_FIELD'.`);
  }
  for (const model of apps.getModels()) checkPermissions(model);
}

function checkPermissions(model: ModelClass): void {
  if (model.meta.autoCreated) return;
  const custom = new Set(model.meta.permissions.map(([codename]) => codename));
  for (const [codename, name] of builtinPermissions(model)) {
    const label = custom.has(codename) ? 'custom permission' : 'builtin permission';
    if (name.length > NAME_MAX_LENGTH) {
      throw new ImproperlyConfigured(
        `${custom.has(codename) ? 'auth.E011' : 'auth.E008'}: The ${label} named '${name}' of model '${model.meta.label}' is longer than ${NAME_MAX_LENGTH} characters.`,
      );
    }
    if (codename.length > CODENAME_MAX_LENGTH) {
      throw new ImproperlyConfigured(
        `auth.E012: The permission codenamed '${codename}' of model '${model.meta.label}' is longer than ${CODENAME_MAX_LENGTH} characters.`,
      );
    }
  }
}
