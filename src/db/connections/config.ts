import { ImproperlyConfigured } from '../../conf/errors.js';
import type { DatabaseSettings, Vendor } from '../types.js';
import { connectionLimits } from './limits.js';

/** One alias of DATABASES after validation: the vendor is known and a URL has been taken apart. */
export interface ResolvedDatabase {
  readonly alias: string;
  readonly vendor: Vendor;
  /** The settings as written, with URL parts filled into ENGINE/NAME/USER/PASSWORD/HOST/PORT. */
  readonly settings: Readonly<DatabaseSettings>;
}

const ENGINES: Readonly<Record<string, Vendor>> = {
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  postgresql: 'postgresql',
  postgres: 'postgresql',
  mysql: 'mysql',
  mariadb: 'mysql',
};
const ENGINE_NAMES = "'sqlite', 'postgresql' (or 'postgres'), 'mysql' (or 'mariadb')";
const URL_FORMS = "'sqlite:///path/db.sqlite3', 'sqlite://:memory:', 'postgres://user:pw@host:5432/name', 'mysql://user:pw@host:3306/name'";
const KEYS = new Set(['ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', 'URL', 'OPTIONS', 'ATOMIC_REQUESTS', 'TEST', 'AUTOCOMMIT', 'CONN_MAX_AGE', 'TIME_ZONE']);

/**
 * Validates DATABASES and resolves each alias: short engine names and Django's dotted
 * `django.db.backends.<name>` are accepted, and `URL` stands for the connection keys.
 *
 * @example
 * parseDatabases({ default: { URL: 'postgres://postgres@127.0.0.1:5432/test' } }).default.vendor; // 'postgresql'
 */
export function parseDatabases(databases: Readonly<Record<string, unknown>>): Record<string, ResolvedDatabase> {
  if (typeof databases !== 'object' || databases === null || Array.isArray(databases)) {
    throw new ImproperlyConfigured(`DATABASES must be an object of alias → settings, not ${describe(databases)}.`);
  }
  const out: Record<string, ResolvedDatabase> = {};
  for (const [alias, entry] of Object.entries(databases)) out[alias] = resolveDatabase(alias, entry);
  return out;
}

/** Validates and resolves one DATABASES entry; errors name `DATABASES['alias']`. */
export function resolveDatabase(alias: string, entry: unknown): ResolvedDatabase {
  const at = `DATABASES['${alias}']`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ImproperlyConfigured(`${at} must be an object such as { ENGINE: 'sqlite', NAME: 'db.sqlite3' } or { URL: ... }, not ${describe(entry)}.`);
  }
  const raw = entry as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) throw new ImproperlyConfigured(`${at} has an unknown key '${key}'; valid keys are ${[...KEYS].join(', ')}.`);
  }
  for (const key of ['ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'URL'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') {
      throw new ImproperlyConfigured(`${at}.${key} must be a string, not ${describe(raw[key])}.`);
    }
  }
  if (raw.OPTIONS !== undefined && (typeof raw.OPTIONS !== 'object' || raw.OPTIONS === null || Array.isArray(raw.OPTIONS))) {
    throw new ImproperlyConfigured(`${at}.OPTIONS must be an object, not ${describe(raw.OPTIONS)}.`);
  }
  let settings = { ...raw } as DatabaseSettings;
  if (typeof raw.URL === 'string') {
    const fromUrl = parseDatabaseUrl(raw.URL, at);
    // OPTIONS written beside the URL and those in its query string both apply; the written ones win.
    const options = fromUrl.OPTIONS || settings.OPTIONS ? { ...(fromUrl.OPTIONS ?? {}), ...(settings.OPTIONS ?? {}) } : undefined;
    settings = { ...settings, ...fromUrl, ...(options ? { OPTIONS: options } : {}) };
  }
  if (settings.ENGINE === undefined) {
    throw new ImproperlyConfigured(`${at} has no ENGINE; set ENGINE to one of ${ENGINE_NAMES}, or URL to one of ${URL_FORMS}.`);
  }
  const vendor = engineVendor(settings.ENGINE, at);
  if (settings.PORT !== undefined && settings.PORT !== '') {
    const port = Number(settings.PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ImproperlyConfigured(`${at}.PORT is ${describe(settings.PORT)}; it must be a port number from 1 to 65535.`);
    }
  }
  if (vendor === 'sqlite' && (settings.NAME === undefined || settings.NAME === '')) {
    throw new ImproperlyConfigured(`${at} uses SQLite but NAME is empty; set NAME to a file path or ':memory:'.`);
  }
  if (vendor !== 'sqlite' && (settings.NAME === undefined || settings.NAME === '')) {
    throw new ImproperlyConfigured(`${at} uses ${vendor} but NAME (the database name) is empty; set NAME or give it in the URL path.`);
  }
  // CONNECT_TIMEOUT/QUERY_TIMEOUT are checked now so a typo stops start-up, not the first request.
  connectionLimits(settings, at);
  return { alias, vendor, settings: Object.freeze(settings) };
}

function engineVendor(engine: string, at: string): Vendor {
  // Django spells engines as dotted paths; accept those too so copied settings work.
  const short = engine.startsWith('django.db.backends.') ? engine.slice('django.db.backends.'.length) : engine;
  const vendor = ENGINES[short.toLowerCase()];
  if (vendor === undefined) throw new ImproperlyConfigured(`${at}.ENGINE is ${describe(engine)}; valid engines are ${ENGINE_NAMES}.`);
  return vendor;
}

/**
 * Takes a database URL apart into Django's keys.
 *
 * @example
 * parseDatabaseUrl('mysql://root@127.0.0.1:3306/test'); // { ENGINE: 'mysql', USER: 'root', HOST: '127.0.0.1', PORT: 3306, NAME: 'test' }
 */
export function parseDatabaseUrl(url: string, at = 'DATABASES URL'): DatabaseSettings {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) throw new ImproperlyConfigured(`${at}.URL ${describe(url)} is not a URL; valid forms are ${URL_FORMS}.`);
  const vendor = ENGINES[scheme] ?? ENGINES[scheme.replace(/\+.*$/, '')];
  if (vendor === undefined) {
    throw new ImproperlyConfigured(`${at}.URL has the scheme '${scheme}'; valid schemes are sqlite, postgres, postgresql, mysql, mariadb.`);
  }
  if (vendor === 'sqlite') {
    const rest = url.slice(scheme.length + 3);
    if (rest === ':memory:' || rest === '/:memory:' || rest === '') return { ENGINE: 'sqlite', NAME: ':memory:' };
    // sqlite:///relative.db is relative, sqlite:////abs/path.db is absolute (SQLAlchemy's convention).
    if (!rest.startsWith('/')) throw new ImproperlyConfigured(`${at}.URL ${describe(url)} needs three slashes: 'sqlite:///path/db.sqlite3'.`);
    return { ENGINE: 'sqlite', NAME: decodeURIComponent(rest.slice(1)) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ImproperlyConfigured(`${at}.URL ${describe(redact(url))} cannot be parsed; valid forms are ${URL_FORMS}.`);
  }
  // From the text, not parsed.pathname: URL resolves dot segments, so a database named '.' or '..' would be lost.
  const authorityAndPath = url.slice(url.indexOf('://') + 3);
  const slash = authorityAndPath.indexOf('/');
  const name = slash < 0 ? '' : decodeURIComponent(authorityAndPath.slice(slash + 1).split(/[?#]/)[0]!);
  const settings: DatabaseSettings = { ENGINE: vendor, NAME: name, HOST: decodeURIComponent(parsed.hostname).replace(/^\[|\]$/g, '') };
  const out = settings as { -readonly [K in keyof DatabaseSettings]: DatabaseSettings[K] };
  if (parsed.username !== '') out.USER = decodeURIComponent(parsed.username);
  if (parsed.password !== '') out.PASSWORD = decodeURIComponent(parsed.password);
  if (parsed.port !== '') out.PORT = Number(parsed.port);
  const options = Object.fromEntries(parsed.searchParams.entries());
  if (Object.keys(options).length > 0) out.OPTIONS = options;
  return settings;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
