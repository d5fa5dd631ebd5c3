import { postMigrate } from '../../db/index.js';
import type { MigrateSignalArgs, ModelClass } from '../../db/index.js';
import { appModels, createContentTypes, isMigrated } from '../contenttypes/create-contenttypes.js';
import { ContentType } from '../contenttypes/models.js';
import { Permission } from './permission.js';

/** Django's default Meta.default_permissions: the permissions every model gets unless it says otherwise. */
export const DEFAULT_PERMISSIONS = ['add', 'change', 'delete', 'view'] as const;

/**
 * `[codename, name]` of the permissions auth makes for a model: one per Meta.defaultPermissions
 * action (`['add_user', 'Can add user']`, …), then Meta.permissions. Django's
 * _get_all_permissions.
 */
export function builtinPermissions(model: ModelClass): Array<[codename: string, name: string]> {
  const { modelName, verboseName, defaultPermissions, permissions } = model.meta;
  return [
    ...defaultPermissions.map((action): [string, string] => [`${action}_${modelName}`, `Can ${action} ${verboseName}`]),
    ...permissions.map(([codename, name]): [string, string] => [codename, name]),
  ];
}

/**
 * Makes the missing content types and built-in permissions of an app's models; returns the
 * permissions made. Django's create_permissions: migrate runs it after each app's migrations,
 * and running it again makes nothing. Nothing happens while auth is not migrated on that database.
 *
 * @example await createPermissions('shop', { using: 'default' });
 */
export async function createPermissions(appLabel: string, options: { using?: string; verbosity?: number } = {}): Promise<Permission[]> {
  const using = options.using ?? 'default';
  if (!(await isMigrated(using, 'auth.0001_initial'))) return [];
  await createContentTypes(appLabel, options);
  const models = appModels(appLabel);
  if (models.length === 0) return [];
  const wanted: Array<[ContentType, string, string]> = [];
  for (const model of models) {
    const contentType = await ContentType.objects.getForModel(model, { using });
    for (const [codename, name] of builtinPermissions(model)) wanted.push([contentType, codename, name]);
  }
  const ids = [...new Set(wanted.map(([ct]) => ct.id))];
  const rows = await Permission.objects.using(using).filter({ contentType__in: ids } as never).valuesList('contentType', 'codename') as unknown as Array<[number, string]>;
  const existing = new Set(rows.map(([ct, codename]) => `${ct}.${codename}`));
  const missing = wanted.filter(([ct, codename]) => !existing.has(`${ct.id}.${codename}`))
    .map(([contentType, codename, name]) => new Permission({ contentType, codename, name }));
  if (missing.length === 0) return [];
  const made = await Permission.objects.using(using).bulkCreate(missing);
  if ((options.verbosity ?? 1) >= 2) for (const p of made) process.stdout.write(`Adding permission '${String(p)}'\n`);
  return made;
}

/** The post_migrate receiver: permissions for the app just migrated. */
export async function createPermissionsAfterMigrate(args: MigrateSignalArgs): Promise<void> {
  await createPermissions(args.appConfig.label, { using: args.using, verbosity: args.verbosity });
}

/** Connects createPermissions to post_migrate, once (Django's auth AppConfig.ready()). */
export function connectCreatePermissions(): void {
  postMigrate.connect(createPermissionsAfterMigrate, { dispatchUid: 'canter.auth.createPermissions' });
}
