import type { Settings } from '../conf/settings/index.js';
import type { ConfiguredBackend } from './backends/registry.js';
import { configuredBackends } from './backends/registry.js';
import { getUserModel } from './models/index.js';
import { LoginThrottle } from './throttle.js';

/** What authenticate(), login() and getUser() read of the settings: built once per settings object. */
export interface AuthContext {
  readonly backends: readonly ConfiguredBackend[];
  readonly secretKeyFallbacks: readonly string[];
  readonly throttle: LoginThrottle | null;
  /** The user model's USERNAME_FIELD (looked up when asked: the model may load after the settings). */
  usernameField(): string;
}

// The registry: one context per settings object, as the backends are built once per settings object.
const contexts = new WeakMap<Settings, AuthContext>();

/** The context for a settings object (AuthenticationMiddleware builds it once; requests it did not see look it up). */
export function authContext(settings: Settings): AuthContext {
  let context = contexts.get(settings);
  if (context === undefined) {
    context = Object.freeze({
      backends: configuredBackends(settings),
      secretKeyFallbacks: settings.SECRET_KEY_FALLBACKS,
      throttle: LoginThrottle.fromSettings(settings),
      usernameField: () => (getUserModel() as unknown as { USERNAME_FIELD?: string }).USERNAME_FIELD ?? 'username',
    });
    contexts.set(settings, context);
  }
  return context;
}
