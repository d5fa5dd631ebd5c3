import { ImproperlyConfigured } from '../conf/errors.js';
import { JSONSerializer, type Serializer } from '../signing/json-serializer.js';

/** The names SESSION_SERIALIZER may give for the one serializer Canter has: Django's JSON. */
const JSON_NAMES = new Set([
  'json',
  'django.contrib.sessions.serializers.JSONSerializer',
  'django.core.signing.JSONSerializer',
]);

/** SESSION_SERIALIZER as a Serializer: 'json' (or Django's class path for it), or an object with dumps/loads. */
export function sessionSerializer(setting: unknown): Serializer {
  if (typeof setting === 'string' && JSON_NAMES.has(setting)) return JSONSerializer;
  if (
    typeof setting === 'object' && setting !== null &&
    typeof (setting as Serializer).dumps === 'function' && typeof (setting as Serializer).loads === 'function'
  ) {
    return setting as Serializer;
  }
  const hint = typeof setting === 'string' && setting.includes('Pickle')
    ? ' Pickle is not supported (Django deprecated it as unsafe); sessions shared with Django must use its JSONSerializer.'
    : '';
  throw new ImproperlyConfigured(
    `SESSION_SERIALIZER is ${JSON.stringify(setting)}; use 'json' (Django's JSONSerializer) or an object with dumps() and loads().${hint}`,
  );
}
