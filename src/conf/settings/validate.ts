import { ImproperlyConfigured } from '../errors.js';
import { pythonToJs } from '../python-regex.js';
import type { Settings } from './types.js';

type Check = (value: unknown) => string | undefined;

const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const str: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const strOrNull: Check = (v) => (v === null || typeof v === 'string' ? undefined : 'a string or null');
const int: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'a whole number ≥ 0');
const intOrNull: Check = (v) => (v === null ? undefined : int(v) && 'a whole number ≥ 0 or null');
const strings: Check = (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'an array of strings';
const oneOf =
  (...allowed: unknown[]): Check =>
  (v) =>
    allowed.includes(v) ? undefined : `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
const sameSite = oneOf('Lax', 'Strict', 'None', false);
// The values Referrer-Policy may take (W3C Referrer Policy), as Django's check lists them.
const REFERRER_POLICIES = new Set([
  'no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin',
  'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url',
]);
const referrerPolicy: Check = (v) => {
  if (v === null) return undefined;
  const values = typeof v === 'string' ? v.split(',').map((p) => p.trim()) : Array.isArray(v) ? v : undefined;
  if (values !== undefined && values.length > 0 && values.every((p) => typeof p === 'string' && REFERRER_POLICIES.has(p))) {
    return undefined;
  }
  return `null, or one or more (a comma-separated string or an array) of ${[...REFERRER_POLICIES].map((p) => `"${p}"`).join(', ')}`;
};
const regexes: Check = (v) => {
  const expected = 'an array of RegExps or regex strings that compile';
  if (!Array.isArray(v)) return expected;
  for (const r of v) {
    if (r instanceof RegExp) continue;
    if (typeof r !== 'string') return expected;
    try {
      const { source, flags } = pythonToJs(r);
      new RegExp(source, flags);
    } catch (error) {
      return `${expected} (${JSON.stringify(r)} does not: ${(error as Error).message})`;
    }
  }
  return undefined;
};
const mailRecipients: Check = (v) =>
  Array.isArray(v) && v.every((r) => typeof r === 'string' || (Array.isArray(r) && r.length === 2 && r.every((p) => typeof p === 'string')))
    ? undefined
    : "an array of addresses ('Name <a@example.com>') or [name, address] pairs";
const aliases: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) &&
  Object.values(v).every((e) => typeof e === 'object' && e !== null)
    ? undefined
    : 'an object mapping alias names to option objects';

/** One check per setting Canter reads; a project's own keys are not checked. */
const CHECKS: Partial<Record<keyof Settings, Check>> = {
  DEBUG: bool,
  SECRET_KEY: str,
  SECRET_KEY_FALLBACKS: strings,
  ALLOWED_HOSTS: strings,
  INSTALLED_APPS: (v) =>
    Array.isArray(v) && v.every((a) => typeof a === 'string' || (typeof a === 'object' && a !== null && typeof (a as { label?: unknown }).label === 'string'))
      ? undefined
      : 'an array of app labels or defineApp() configs',
  MIDDLEWARE: (v) =>
    Array.isArray(v) && v.every((m) => typeof m === 'function')
      ? undefined
      : 'an array of middleware classes or factories (imported, not strings)',
  ROOT_URLCONF: (v) =>
    v === null || (typeof v === 'object' && Array.isArray((v as { urlpatterns?: unknown }).urlpatterns))
      ? undefined
      : 'an object with a `urlpatterns` array, or null',
  APPEND_SLASH: bool,
  PREPEND_WWW: bool,
  DISALLOWED_USER_AGENTS: (v) =>
    Array.isArray(v) && v.every((r) => r instanceof RegExp) ? undefined : 'an array of RegExp',
  DEFAULT_CHARSET: str,
  USE_X_FORWARDED_HOST: bool,
  USE_X_FORWARDED_PORT: bool,
  SECURE_PROXY_SSL_HEADER: (v) =>
    v === null || (Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string'))
      ? undefined
      : "null or a [header, value] pair such as ['X-Forwarded-Proto', 'https']",
  DATA_UPLOAD_MAX_MEMORY_SIZE: intOrNull,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: intOrNull,
  DATA_UPLOAD_MAX_NUMBER_FILES: intOrNull,
  FILE_UPLOAD_MAX_MEMORY_SIZE: int,
  FILE_UPLOAD_TEMP_DIR: strOrNull,
  SESSION_COOKIE_NAME: str,
  SESSION_COOKIE_AGE: int,
  SESSION_COOKIE_DOMAIN: strOrNull,
  SESSION_COOKIE_PATH: str,
  SESSION_COOKIE_SECURE: bool,
  SESSION_COOKIE_HTTPONLY: bool,
  SESSION_COOKIE_SAMESITE: sameSite,
  SESSION_EXPIRE_AT_BROWSER_CLOSE: bool,
  SESSION_SAVE_EVERY_REQUEST: bool,
  SESSION_CACHE_ALIAS: str,
  SESSION_FILE_PATH: strOrNull,
  CSRF_COOKIE_NAME: str,
  CSRF_COOKIE_AGE: intOrNull,
  CSRF_COOKIE_DOMAIN: strOrNull,
  CSRF_COOKIE_PATH: str,
  CSRF_COOKIE_SECURE: bool,
  CSRF_COOKIE_HTTPONLY: bool,
  CSRF_COOKIE_SAMESITE: sameSite,
  CSRF_HEADER_NAME: str,
  CSRF_TRUSTED_ORIGINS: strings,
  CSRF_USE_SESSIONS: bool,
  SECURE_HSTS_SECONDS: int,
  SECURE_HSTS_INCLUDE_SUBDOMAINS: bool,
  SECURE_HSTS_PRELOAD: bool,
  SECURE_CONTENT_TYPE_NOSNIFF: bool,
  SECURE_REFERRER_POLICY: referrerPolicy,
  SECURE_CROSS_ORIGIN_OPENER_POLICY: oneOf('same-origin', 'same-origin-allow-popups', 'unsafe-none', null),
  SECURE_SSL_REDIRECT: bool,
  SECURE_SSL_HOST: strOrNull,
  SECURE_REDIRECT_EXEMPT: regexes,
  X_FRAME_OPTIONS: oneOf('DENY', 'SAMEORIGIN'),
  CACHES: aliases,
  CACHE_MIDDLEWARE_ALIAS: str,
  CACHE_MIDDLEWARE_SECONDS: int,
  CACHE_MIDDLEWARE_KEY_PREFIX: str,
  DATABASES: aliases,
  STATIC_URL: (v) => (typeof v === 'string' && v.endsWith('/') ? undefined : "a string ending in '/', such as '/static/'"),
  INTERNAL_IPS: strings,
  LOGIN_URL: str,
  LOGIN_REDIRECT_URL: str,
  LOGOUT_REDIRECT_URL: strOrNull,
  USE_TZ: bool,
  TIME_ZONE: str,
  PASSWORD_RESET_TIMEOUT: int,
  AUTHENTICATION_BACKENDS: (v) => (Array.isArray(v) && v.every((b) => typeof b === 'string' || typeof b === 'function')
    ? undefined
    : "a list of backend names ('ModelBackend'), Django paths or backend classes"),
  LOGIN_THROTTLE: (v) => {
    if (v === null) return undefined;
    const known = ['CACHE', 'WINDOW', 'SLOW_AFTER', 'REFUSE_AFTER', 'REFUSE_ADDRESS_AFTER', 'MAX_DELAY'];
    if (typeof v !== 'object' || Array.isArray(v)) return 'null (off) or an object of CACHE, WINDOW, SLOW_AFTER, REFUSE_AFTER, REFUSE_ADDRESS_AFTER, MAX_DELAY';
    for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
      if (!known.includes(key)) return `an object whose keys are ${known.join(', ')} (not ${key})`;
      if (key === 'CACHE' ? typeof value !== 'string' : !(typeof value === 'number' && value >= 0 && Number.isFinite(value))) {
        return key === 'CACHE' ? 'CACHE as a CACHES alias (a string)' : `${key} as a number ≥ 0`;
      }
    }
    return undefined;
  },
  EMAIL_BACKEND: (v) =>
    typeof v === 'function' || (typeof v === 'string' && /^(smtp|console|file|filebased|locmem|dummy)$|^django\.core\.mail\.backends\.(smtp|console|filebased|locmem|dummy)\.EmailBackend$/.test(v))
      ? undefined
      : "'smtp', 'console', 'file', 'locmem' or 'dummy', Django's path ('django.core.mail.backends.smtp.EmailBackend'), or a backend class",
  EMAIL_HOST: str,
  EMAIL_PORT: (v) => (Number.isSafeInteger(v) && (v as number) > 0 && (v as number) < 65_536 ? undefined : 'a port number (1–65535)'),
  EMAIL_HOST_USER: str,
  EMAIL_HOST_PASSWORD: str,
  EMAIL_USE_TLS: bool,
  EMAIL_USE_SSL: bool,
  EMAIL_SSL_CERTFILE: strOrNull,
  EMAIL_SSL_KEYFILE: strOrNull,
  EMAIL_TIMEOUT: (v) => (v === null || (typeof v === 'number' && v > 0 && Number.isFinite(v)) ? undefined : 'a number of seconds > 0, or null'),
  EMAIL_FILE_PATH: strOrNull,
  DEFAULT_FROM_EMAIL: str,
  SERVER_EMAIL: str,
  EMAIL_SUBJECT_PREFIX: str,
  EMAIL_USE_LOCALTIME: bool,
  ADMINS: mailRecipients,
  MANAGERS: mailRecipients,
};

/** Every problem with the merged settings, each naming the setting, the value and what is valid. */
export function settingsProblems(s: Settings): string[] {
  const problems: string[] = [];
  for (const [name, check] of Object.entries(CHECKS) as Array<[string, Check]>) {
    const expected = check(s[name]);
    if (expected !== undefined) problems.push(`${name} is ${describe(s[name])}; it must be ${expected}.`);
  }
  if (!s.DEBUG && s.SECRET_KEY === '') {
    problems.push('SECRET_KEY is empty; it must be set (a long random string) when DEBUG is false.');
  }
  if (s.EMAIL_USE_TLS === true && s.EMAIL_USE_SSL === true) {
    problems.push('EMAIL_USE_TLS and EMAIL_USE_SSL are both true; they are mutually exclusive, so only set one of them to true.');
  }
  if (s.SESSION_COOKIE_SAMESITE === 'None' && !s.SESSION_COOKIE_SECURE) {
    problems.push("SESSION_COOKIE_SAMESITE is 'None'; browsers then require SESSION_COOKIE_SECURE = true.");
  }
  return problems;
}

/** Throws one ImproperlyConfigured listing every problem, or returns quietly. */
export function validateSettings(s: Settings): void {
  const problems = settingsProblems(s);
  if (problems.length === 1) throw new ImproperlyConfigured(problems[0]!);
  if (problems.length > 1) {
    throw new ImproperlyConfigured(`${problems.length} settings are invalid:\n- ${problems.join('\n- ')}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (value instanceof RegExp) return String(value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return String(value);
  }
}
