import { ImproperlyConfigured } from '../errors.js';
import { DEFAULTS } from './defaults.js';
import type { SettingsInput } from './types.js';

/**
 * Reads settings from environment variables of the same name (DEBUG=true,
 * ALLOWED_HOSTS=a.com,b.com or a JSON array, DATA_UPLOAD_MAX_MEMORY_SIZE=1000). Each value is parsed
 * by the type of its Django default; a value that does not parse is an error naming the variable.
 *
 * @example defineSettings({ ...base, ...settingsFromEnvironment(['DEBUG', 'ALLOWED_HOSTS', 'SECRET_KEY']) })
 */
export function settingsFromEnvironment(names: readonly string[], env: NodeJS.ProcessEnv = process.env): SettingsInput {
  const out: SettingsInput = {};
  for (const name of names) {
    const raw = env[name];
    if (raw === undefined) continue;
    out[name] = parse(name, raw, (DEFAULTS as Record<string, unknown>)[name]);
  }
  return out;
}

function parse(name: string, raw: string, example: unknown): unknown {
  if (typeof example === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
    throw new ImproperlyConfigured(`Environment variable ${name}=${JSON.stringify(raw)} must be true/false (or 1/0).`);
  }
  if (typeof example === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      throw new ImproperlyConfigured(`Environment variable ${name}=${JSON.stringify(raw)} must be a number.`);
    }
    return n;
  }
  if (Array.isArray(example)) {
    const text = raw.trim();
    if (text.startsWith('[')) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ImproperlyConfigured(`Environment variable ${name} is not a valid JSON array: ${text}`);
      }
    }
    return text === '' ? [] : text.split(',').map((s) => s.trim());
  }
  return raw;
}
