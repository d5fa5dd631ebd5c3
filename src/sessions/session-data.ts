import { getLogger } from '../conf/log.js';
import { constantTimeCompare } from '../signing/constant-time.js';
import { dumps, loads } from '../signing/dumps.js';
import { BadSignature } from '../signing/errors.js';
import { JSONSerializer, type Serializer } from '../signing/json-serializer.js';
import { saltedHmac, type Secret } from '../signing/salted-hmac.js';

/**
 * The salt Django signs stored session data with: 'django.contrib.sessions.' + the store class's
 * qualified name, which is SessionStore for the db, cache, cached_db and file engines alike.
 */
export const SESSION_DATA_SALT = 'django.contrib.sessions.SessionStore';

/** The salt of the signed_cookies engine's cookie value. */
export const SIGNED_COOKIES_SALT = 'django.contrib.sessions.backends.signed_cookies';

/** What a session holds: JSON values by name. */
export type SessionData = Record<string, unknown>;

export interface SessionDataOptions {
  /** The signing key; default SECRET_KEY (and SECRET_KEY_FALLBACKS when reading). */
  key?: Secret;
  salt?: string;
  serializer?: Serializer;
}

const logger = getLogger('canter.security.SuspiciousSession');

/**
 * Session data as Django (3.1+) stores it in `django_session.session_data` and session caches:
 * signing.dumps of the dict, compressed when that is shorter, salted with SESSION_DATA_SALT.
 *
 * @example
 * const stored = encodeSessionData({ username: 'root', is_login: true });
 */
export function encodeSessionData(data: SessionData, options: SessionDataOptions = {}): string {
  const { key, salt = SESSION_DATA_SALT, serializer = JSONSerializer } = options;
  return dumps(data, { key, salt, serializer, compress: true });
}

/**
 * The dict stored session data holds. Data signed with another key, tampered with or truncated
 * gives an empty session (and a warning on canter.security.SuspiciousSession), never an error,
 * as in Django; data in the format before Django 3.1 is still read.
 *
 * @example
 * decodeSessionData(row.session_data).username
 */
export function decodeSessionData(text: string, options: SessionDataOptions = {}): SessionData {
  const { key, salt = SESSION_DATA_SALT, serializer = JSONSerializer } = options;
  try {
    return asData(loads(text, { key, salt, serializer }));
  } catch (error) {
    const legacy = decodeLegacy(text, serializer, key);
    if (legacy !== undefined) return legacy;
    if (error instanceof BadSignature) logger.warning('Session data corrupted');
    return {};
  }
}

function asData(value: unknown): SessionData {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SessionData) : {};
}

/**
 * Django before 3.1: base64 of `<hex sha1 salted HMAC>:<serialized>`, the HMAC salted with
 * 'django.contrib.sessions' + 'SessionStore' (no dot). Undefined when the text is not that.
 */
function decodeLegacy(text: string, serializer: Serializer, key: Secret | undefined): SessionData | undefined {
  try {
    const bytes = Buffer.from(text, 'base64');
    const colon = bytes.indexOf(0x3a);
    if (colon < 0) return undefined;
    const hash = bytes.subarray(0, colon).toString('latin1');
    const serialized = bytes.subarray(colon + 1);
    const expected = saltedHmac('django.contrib.sessionsSessionStore', serialized, key).toString('hex');
    if (!constantTimeCompare(hash, expected)) return undefined;
    return asData(serializer.loads(serialized));
  } catch {
    return undefined;
  }
}
