import { installedApps } from '../../conf/apps.js';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import { apps } from '../../db/index.js';
import type { ModelClass } from '../../db/index.js';

/**
 * The user model AUTH_USER_MODEL names ('auth.User' by default): Django's get_user_model(). A
 * label not of the form 'app_label.ModelName', or a model not installed, is ImproperlyConfigured.
 * Read per call, as Django does, so overrideSettings() in tests takes effect.
 *
 * @example const UserModel = getUserModel(); await UserModel.objects.count();
 */
export function getUserModel(): ModelClass {
  const label = getSettings().AUTH_USER_MODEL;
  const [appLabel, modelName, extra] = typeof label === 'string' ? label.split('.') : [];
  if (!appLabel || !modelName || extra !== undefined) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL must be of the form 'app_label.model_name', not ${JSON.stringify(label)}.`);
  }
  if (!apps.hasModel(label) || !installedApps().some((app) => app.label === appLabel)) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL refers to model '${label}' that has not been installed.`);
  }
  return apps.getModel(label);
}
