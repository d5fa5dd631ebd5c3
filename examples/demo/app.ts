import { defineApp } from '../../src/core/index.js';

/** The demo's app: its models and migrations. */
export const demoApp = defineApp({
  label: 'demo',
  migrations: new URL('./migrations/', import.meta.url),
  models: () => import('./models.js'),
});
