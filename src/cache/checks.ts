import { getSettings } from '../conf/settings/index.js';
import { caches } from './registry.js';

/** The start-up check: every CACHES entry names a known backend with valid options. */
export function checkCaches(): void {
  for (const alias of Object.keys(getSettings().CACHES)) caches.get(alias);
}
