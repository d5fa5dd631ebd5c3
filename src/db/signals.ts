import { Signal } from '../dispatch/index.js';
import type { Model, ModelClass } from './models/model.js';
import type { DatabaseWrapper } from './types.js';

/**
 * The model signals of seed 004, with Django's arguments in camelCase. The sender is the model
 * class, so `preSave.connect(fn, { sender: Book })` hears only Book saves.
 */

/** Before a model instance is built: the data it is built from. */
export const preInit = new Signal<{ args: readonly unknown[]; kwargs: Readonly<Record<string, unknown>> }, ModelClass>('pre_init');
/** After a model instance is built. */
export const postInit = new Signal<{ instance: Model }, ModelClass>('post_init');
/** Before save(); `updateFields` is the list passed to save(), or null. */
export const preSave = new Signal<{ instance: Model; raw: boolean; using: string; updateFields: readonly string[] | null }, ModelClass>('pre_save');
/** After save(); `created` says whether it was an INSERT. */
export const postSave = new Signal<
  { instance: Model; created: boolean; raw: boolean; using: string; updateFields: readonly string[] | null },
  ModelClass
>('post_save');
/** Before a row is deleted, by instance.delete(), QuerySet.delete() or a cascade; `origin` started it. */
export const preDelete = new Signal<{ instance: Model; using: string; origin: unknown }, ModelClass>('pre_delete');
/** After a row is deleted. */
export const postDelete = new Signal<{ instance: Model; using: string; origin: unknown }, ModelClass>('post_delete');

/** The six actions of m2m_changed. */
export type M2MAction = 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear';

/** A many-to-many relation changed; the sender is the through model. */
export const m2mChanged = new Signal<
  { instance: Model; action: M2MAction; reverse: boolean; model: ModelClass; pkSet: ReadonlySet<unknown> | null; using: string },
  ModelClass
>('m2m_changed');

/** A model class has been registered. */
export const classPrepared = new Signal<object, ModelClass>('class_prepared');

/** A connection was opened; `connection` is the alias's wrapper. */
export const connectionCreated = new Signal<{ connection: DatabaseWrapper }, unknown>('connection_created');

/** What migrate passes to pre_migrate/post_migrate. */
export interface MigrateSignalArgs {
  appConfig: { label: string };
  verbosity: number;
  interactive: boolean;
  using: string;
  plan: ReadonlyArray<readonly [migration: string, backwards: boolean]>;
}

/** Before migrate applies an app's migrations. */
export const preMigrate = new Signal<MigrateSignalArgs, unknown>('pre_migrate');
/** After migrate has applied an app's migrations. */
export const postMigrate = new Signal<MigrateSignalArgs, unknown>('post_migrate');
