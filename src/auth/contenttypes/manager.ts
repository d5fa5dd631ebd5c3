import { connections, Manager, Model } from '../../db/index.js';
import type { ModelClass } from '../../db/index.js';
import type { ContentType } from './models.js';

type Key = string | number;

/**
 * ContentType's manager: Django's ContentTypeManager. Content types are looked up often and
 * change only when models come and go, so each one read is kept for the life of the process, per
 * database connection (a change of DATABASES starts afresh), by model, by id and by natural key;
 * `clearCache()` forgets them (tests, and after a flush).
 */
export class ContentTypeManager extends Manager<ContentType> {
  /** Kept for data migrations' historical models, as Django's use_in_migrations. */
  static useInMigrations = true;

  #cache = new WeakMap<object, Map<Key, ContentType>>();
  readonly #running = new Map<string, Promise<unknown>>();

  /**
   * The content type of a model (class or instance), made when it has no row yet.
   *
   * @example const ct = await ContentType.objects.getForModel(User);
   */
  async getForModel(model: ModelClass | Model, options: { using?: string } = {}): Promise<ContentType> {
    const using = options.using ?? 'default';
    const meta = (model instanceof Model ? model.model : model).meta;
    const cached = this.#cacheOf(using).get(naturalKey(meta.appLabel, meta.modelName));
    if (cached !== undefined) return cached;
    const lookup = { appLabel: meta.appLabel, modelName: meta.modelName };
    // As Django: try a plain read first, so the common case needs no transaction or lock.
    let contentType = await this.getQuerySet().using(using).filter(lookup).first();
    contentType ??= (await this.getQuerySet().using(using).getOrCreate(lookup))[0];
    this.#add(using, contentType);
    return contentType;
  }

  /** The content types of several models at once, as a Map from each model class. */
  async getForModels(models: ReadonlyArray<ModelClass | Model>, options: { using?: string } = {}): Promise<Map<ModelClass, ContentType>> {
    const out = new Map<ModelClass, ContentType>();
    for (const model of models) out.set(model instanceof Model ? model.model : model, await this.getForModel(model, options));
    return out;
  }

  /** The content type with this id (cached after the first read). */
  async getForId(id: number, options: { using?: string } = {}): Promise<ContentType> {
    const using = options.using ?? 'default';
    const cached = this.#cacheOf(using).get(id);
    if (cached !== undefined) return cached;
    const contentType = await this.getQuerySet().using(using).get({ id });
    this.#add(using, contentType);
    return contentType;
  }

  /** The content type for `(app_label, model)`: Django's natural key. */
  async getByNaturalKey(appLabel: string, modelName: string, options: { using?: string } = {}): Promise<ContentType> {
    const using = options.using ?? 'default';
    const cached = this.#cacheOf(using).get(naturalKey(appLabel, modelName));
    if (cached !== undefined) return cached;
    const contentType = await this.getQuerySet().using(using).get({ appLabel, modelName });
    this.#add(using, contentType);
    return contentType;
  }

  /** Forgets every content type read so far. */
  clearCache(): void {
    this.#cache = new WeakMap();
  }

  /**
   * @internal Runs `work` for a key once at a time: a caller arriving while it runs shares that
   * run. post_migrate's receivers run together, and two of them make content types.
   */
  runOnce<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key) as Promise<T> | undefined;
    if (running !== undefined) return running;
    const run = work().finally(() => this.#running.delete(key));
    this.#running.set(key, run);
    return run;
  }

  // Keyed by the connection object, not the alias: when DATABASES changes (overrideSettings in
  // tests), the alias names another database and gets a new connection, so nothing stale is read.
  #cacheOf(using: string): Map<Key, ContentType> {
    const connection = connections.get(using);
    let cache = this.#cache.get(connection);
    if (cache === undefined) this.#cache.set(connection, (cache = new Map()));
    return cache;
  }

  #add(using: string, contentType: ContentType): void {
    const cache = this.#cacheOf(using);
    cache.set(naturalKey(contentType.appLabel, contentType.modelName), contentType);
    cache.set(contentType.id, contentType);
  }
}

// Ids are numbers, so a string key never meets one.
function naturalKey(appLabel: string, modelName: string): string {
  return `${appLabel}.${modelName}`;
}
