import { getSettings } from '../../conf/settings/index.js';
import type { Settings } from '../../conf/settings/index.js';
import { UnknownAuthBackend } from '../errors.js';
import type { BackendClass, BaseBackend } from './base.js';
import { AllowAllUsersModelBackend, ModelBackend } from './model-backend.js';

/** The built-in backends by the names AUTHENTICATION_BACKENDS may use for them. */
const BUILT_IN: ReadonlyMap<string, BackendClass> = new Map<string, BackendClass>([
  ['ModelBackend', ModelBackend],
  ['django.contrib.auth.backends.ModelBackend', ModelBackend],
  ['AllowAllUsersModelBackend', AllowAllUsersModelBackend],
  ['django.contrib.auth.backends.AllowAllUsersModelBackend', AllowAllUsersModelBackend],
]);

/** A configured backend: the instance, the path login() stores, and every name that means it. */
export interface ConfiguredBackend {
  readonly backend: BaseBackend;
  readonly path: string;
  readonly names: ReadonlySet<string>;
}

/**
 * The path stored in the session for a backend class: its own backendPath, else its class name.
 * A subclass does not inherit its parent's path (a subclass of ModelBackend is another backend,
 * as its dotted path is in Django), so removing it from AUTHENTICATION_BACKENDS logs its users out.
 */
export function backendPathOf(cls: BackendClass): string {
  return (Object.prototype.hasOwnProperty.call(cls, 'backendPath') ? cls.backendPath : undefined) ?? cls.name;
}

/** The class an AUTHENTICATION_BACKENDS entry names: a built-in's short name or Django path, or a class. */
export function resolveBackend(entry: unknown): BackendClass {
  if (typeof entry === 'function') return entry as BackendClass;
  const found = typeof entry === 'string' ? BUILT_IN.get(entry) : undefined;
  if (found !== undefined) return found;
  throw new UnknownAuthBackend(
    `AUTHENTICATION_BACKENDS holds ${JSON.stringify(entry)}, which is no backend Canter knows. Use 'ModelBackend', ` +
      `'AllowAllUsersModelBackend' (or their Django paths, 'django.contrib.auth.backends.ModelBackend'…), or a backend class.`,
  );
}

function configure(entry: unknown): ConfiguredBackend {
  const cls = resolveBackend(entry);
  const names = new Set<string>([backendPathOf(cls), cls.name]);
  for (const [name, builtIn] of BUILT_IN) if (builtIn === cls) names.add(name);
  if (typeof entry === 'string') names.add(entry);
  return Object.freeze({ backend: new cls(), path: backendPathOf(cls), names });
}

// The registry: backends are built once per settings object, as Django's are imported once.
const built = new WeakMap<Settings, readonly ConfiguredBackend[]>();

/**
 * The AUTHENTICATION_BACKENDS in force, built once per settings object. authenticate(), login()
 * and getUser() are functions views call, and Django's get_backends() reads the setting each
 * time; the instances are kept.
 */
export function configuredBackends(settings: Settings = getSettings()): readonly ConfiguredBackend[] {
  let backends = built.get(settings);
  if (backends === undefined) {
    backends = Object.freeze(settings.AUTHENTICATION_BACKENDS.map(configure));
    if (backends.length === 0) {
      throw new UnknownAuthBackend('No authentication backends have been defined. Does AUTHENTICATION_BACKENDS contain anything?');
    }
    built.set(settings, backends);
  }
  return backends;
}

/** The configured backend a stored `_auth_user_backend` names, or undefined when none does. */
export function backendNamed(path: unknown, backends: readonly ConfiguredBackend[]): ConfiguredBackend | undefined {
  return typeof path === 'string' ? backends.find((b) => b.names.has(path)) : undefined;
}
