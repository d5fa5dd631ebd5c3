import { apps, connections, MigrationRecorder, postMigrate } from '../../db/index.js';
import type { MigrateSignalArgs, ModelClass } from '../../db/index.js';
import { ContentType } from './models.js';

/**
 * Makes the missing content types of an app's models (through models of many-to-many fields
 * excepted, as Django's get_models()); returns those made. Django's create_contenttypes: migrate
 * runs it after each app's migrations. Nothing happens while the content types table is not
 * migrated on that database.
 *
 * @example await createContentTypes('shop', { using: 'default' });
 */
export function createContentTypes(appLabel: string, options: { using?: string; verbosity?: number } = {}): Promise<ContentType[]> {
  const using = options.using ?? 'default';
  return ContentType.objects.runOnce(`${using}.${appLabel}`, () => create(appLabel, using, options.verbosity ?? 1));
}

async function create(appLabel: string, using: string, verbosity: number): Promise<ContentType[]> {
  if (!(await isMigrated(using, 'contenttypes.0001_initial'))) return [];
  ContentType.objects.clearCache();
  const models = appModels(appLabel);
  if (models.length === 0) return [];
  const existing = new Set(await ContentType.objects.using(using).filter({ appLabel }).valuesList('modelName', { flat: true }) as string[]);
  const missing = models.filter((model) => !existing.has(model.meta.modelName))
    .map((model) => new ContentType({ appLabel, modelName: model.meta.modelName }));
  if (missing.length === 0) return [];
  const made = await ContentType.objects.using(using).bulkCreate(missing);
  if (verbosity >= 2) for (const ct of made) process.stdout.write(`Adding content type '${ct.appLabel} | ${ct.modelName}'\n`);
  return made;
}

/** The installed models of an app, without automatic through models, in definition order. */
export function appModels(appLabel: string): ModelClass[] {
  return apps.getModels(appLabel).filter((model) => !model.meta.autoCreated);
}

/** True when the migration (`app.name`) is recorded as applied on the database. */
export async function isMigrated(using: string, migration: string): Promise<boolean> {
  return (await new MigrationRecorder(connections.get(using)).applied()).has(migration);
}

/** The post_migrate receiver: content types for the app just migrated. */
export async function createContentTypesAfterMigrate(args: MigrateSignalArgs): Promise<void> {
  await createContentTypes(args.appConfig.label, { using: args.using, verbosity: args.verbosity });
}

/**
 * Connects createContentTypes to post_migrate, once (Django's contenttypes AppConfig.ready()).
 * The app's `models` loader calls it at start-up.
 */
export function connectCreateContentTypes(): void {
  postMigrate.connect(createContentTypesAfterMigrate, { dispatchUid: 'canter.contenttypes.createContentTypes' });
}
