import type { AppConfig } from '../apps.js';
import type { MiddlewareEntry } from '../../middleware/mixin.js';
import type { Serializer } from '../../signing/json-serializer.js';
import type { UrlConf } from '../../urls/types.js';

/** SameSite values a cookie setting may take; false leaves the attribute out. */
export type SameSite = 'Lax' | 'Strict' | 'None' | false;

/** LOGIN_THROTTLE (beyond Django): how repeated failed logins are slowed, then refused. */
export interface LoginThrottleSettings {
  /** The CACHES alias that counts failures, shared by every process using it. Default 'default'. */
  readonly CACHE?: string;
  /** Seconds a failure counts for, and how long a refusal lasts. Default 900. */
  readonly WINDOW?: number;
  /** Failures for a username after which each attempt waits 1 s, 2 s, 4 s… (at most MAX_DELAY). Default 3. */
  readonly SLOW_AFTER?: number;
  /** Failures for a username after which it is refused until the window ends. Default 10. */
  readonly REFUSE_AFTER?: number;
  /** Failures from one client address after which it is refused until the window ends. Default 50. */
  readonly REFUSE_ADDRESS_AFTER?: number;
  /** The longest wait, in seconds. Default 8. */
  readonly MAX_DELAY?: number;
}

/**
 * Every setting Canter reads, with Django's names. Unset keys take Django's defaults (see
 * defaults.ts); a project may add keys of its own, which are kept as given.
 */
export interface Settings {
  DEBUG: boolean;
  SECRET_KEY: string;
  SECRET_KEY_FALLBACKS: readonly string[];
  ALLOWED_HOSTS: readonly string[];
  /** App labels, or AppConfigs from defineApp() for apps with models or migrations. */
  INSTALLED_APPS: ReadonlyArray<string | AppConfig>;
  MIDDLEWARE: readonly MiddlewareEntry[];
  /** The project's URLconf: `{ urlpatterns, handler404?, handler500? }`. */
  ROOT_URLCONF: UrlConf | null;
  APPEND_SLASH: boolean;
  PREPEND_WWW: boolean;
  DISALLOWED_USER_AGENTS: readonly RegExp[];
  DEFAULT_CHARSET: string;
  DEFAULT_CONTENT_TYPE: string;
  USE_X_FORWARDED_HOST: boolean;
  USE_X_FORWARDED_PORT: boolean;
  /** `[headerName, value]`, e.g. `['X-Forwarded-Proto', 'https']`; null trusts only the socket. */
  SECURE_PROXY_SSL_HEADER: readonly [string, string] | null;
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null;
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null;
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null;
  FILE_UPLOAD_MAX_MEMORY_SIZE: number;
  FILE_UPLOAD_TEMP_DIR: string | null;
  SIGNING_BACKEND: string;

  /** 'db', 'cache', 'cached_db', 'file', 'signed_cookies' (or Django's module path), or a SessionBase subclass. */
  SESSION_ENGINE: string | (abstract new (sessionKey?: string | null) => object);
  SESSION_COOKIE_NAME: string;
  SESSION_COOKIE_AGE: number;
  SESSION_COOKIE_DOMAIN: string | null;
  SESSION_COOKIE_PATH: string;
  SESSION_COOKIE_SECURE: boolean;
  SESSION_COOKIE_HTTPONLY: boolean;
  SESSION_COOKIE_SAMESITE: SameSite;
  SESSION_EXPIRE_AT_BROWSER_CLOSE: boolean;
  SESSION_SAVE_EVERY_REQUEST: boolean;
  SESSION_CACHE_ALIAS: string;
  SESSION_FILE_PATH: string | null;
  /** 'json' (Django's JSONSerializer), or an object with dumps() and loads(). */
  SESSION_SERIALIZER: string | Serializer;

  CSRF_COOKIE_NAME: string;
  CSRF_COOKIE_AGE: number | null;
  CSRF_COOKIE_DOMAIN: string | null;
  CSRF_COOKIE_PATH: string;
  CSRF_COOKIE_SECURE: boolean;
  CSRF_COOKIE_HTTPONLY: boolean;
  CSRF_COOKIE_SAMESITE: SameSite;
  CSRF_HEADER_NAME: string;
  CSRF_TRUSTED_ORIGINS: readonly string[];
  CSRF_USE_SESSIONS: boolean;
  CSRF_FAILURE_VIEW: unknown;

  SECURE_HSTS_SECONDS: number;
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean;
  SECURE_HSTS_PRELOAD: boolean;
  SECURE_CONTENT_TYPE_NOSNIFF: boolean;
  /** One policy, several comma-separated (fallbacks), or a list of them; null sends no header. */
  SECURE_REFERRER_POLICY: string | readonly string[] | null;
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null;
  SECURE_SSL_REDIRECT: boolean;
  SECURE_SSL_HOST: string | null;
  /** Paths (without the leading slash) that SECURE_SSL_REDIRECT leaves alone: Python-style regex strings or RegExps. */
  SECURE_REDIRECT_EXEMPT: ReadonlyArray<string | RegExp>;
  X_FRAME_OPTIONS: 'DENY' | 'SAMEORIGIN';

  CACHES: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  CACHE_MIDDLEWARE_ALIAS: string;
  CACHE_MIDDLEWARE_SECONDS: number;
  CACHE_MIDDLEWARE_KEY_PREFIX: string;
  DATABASES: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  TEMPLATES: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** The URL prefix of static files, ending in '/'; `{% static %}` joins paths to it. */
  STATIC_URL: string;
  /** Client IPs that see debug information (the `debug` context processor). */
  INTERNAL_IPS: readonly string[];

  LOGIN_URL: string;
  LOGIN_REDIRECT_URL: string;
  LOGOUT_REDIRECT_URL: string | null;
  AUTH_USER_MODEL: string;
  /** Short names ('ModelBackend'), Django's paths, or backend classes, tried in order. */
  AUTHENTICATION_BACKENDS: ReadonlyArray<string | (new () => object)>;
  /** Beyond Django: failed-login throttling; null turns it off. */
  LOGIN_THROTTLE: LoginThrottleSettings | null;
  /** Algorithm names ('pbkdf2_sha256'), Django's class paths, or hasher classes; the first is preferred. */
  PASSWORD_HASHERS: ReadonlyArray<string | (new () => object)>;
  AUTH_PASSWORD_VALIDATORS: ReadonlyArray<{ readonly NAME: string | (new (options?: never) => object); readonly OPTIONS?: Readonly<Record<string, unknown>> }>;
  MESSAGE_STORAGE: string;

  USE_TZ: boolean;
  TIME_ZONE: string;

  /** Seconds a password-reset link stays valid (Django's default: 3 days). */
  PASSWORD_RESET_TIMEOUT: number;

  /** 'smtp', 'console', 'file', 'locmem', 'dummy', Django's module path, or a mail backend class. */
  EMAIL_BACKEND: string | (abstract new (...args: never[]) => object);
  EMAIL_HOST: string;
  EMAIL_PORT: number;
  EMAIL_HOST_USER: string;
  EMAIL_HOST_PASSWORD: string;
  EMAIL_USE_TLS: boolean;
  EMAIL_USE_SSL: boolean;
  /** PEM files of a client certificate and its key for the SMTP TLS connection. */
  EMAIL_SSL_CERTFILE: string | null;
  EMAIL_SSL_KEYFILE: string | null;
  /** Seconds before a blocking SMTP operation gives up; null waits as long as the OS does. */
  EMAIL_TIMEOUT: number | null;
  /** The directory the file backend writes messages to. */
  EMAIL_FILE_PATH: string | null;
  DEFAULT_FROM_EMAIL: string;
  SERVER_EMAIL: string;
  EMAIL_SUBJECT_PREFIX: string;
  /** Write the Date header of messages in TIME_ZONE rather than UTC. */
  EMAIL_USE_LOCALTIME: boolean;
  /** Who gets error mails (mailAdmins): `'Name <a@example.com>'` strings or Django's `[name, address]` pairs. */
  ADMINS: ReadonlyArray<string | readonly [string, string]>;
  /** Who gets mailManagers(): as ADMINS. */
  MANAGERS: ReadonlyArray<string | readonly [string, string]>;

  [extra: string]: unknown;
}

/** What a project writes: any subset of the settings. */
export type SettingsInput = Partial<Settings> & Record<string, unknown>;
