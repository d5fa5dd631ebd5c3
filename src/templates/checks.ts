import { engines } from './registry.js';

/**
 * The start-up check: every TEMPLATES entry names a known BACKEND with valid DIRS, APP_DIRS and
 * OPTIONS, and engine names are unique. One message lists every problem, each naming
 * `TEMPLATES[i].KEY`.
 */
export function checkTemplates(): void {
  engines.all();
}
