/**
 * Issue 12, item 1: settings are read once, when the app starts. Every `getSettings()` call under
 * src/ sits in a constructor (the middleware chain, a store, a handler are built once), or in a
 * file or function listed below with the reason it may read the settings in force. And no module
 * that reads settings keeps module-level mutable state (a cache of values derived from them)
 * unless it is an explicit registry listed below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Allowed {
  /** Why this file may call getSettings() outside a constructor. */
  reason: string;
  /** When given, only these functions (and constructors) may call it, each with its reason. */
  only?: Readonly<Record<string, string>>;
}

const DJANGO_HTTP_REQUEST = "Django's HttpRequest reads these settings per call (get_host, is_secure, get_port, body limits, encoding)";

/** Files that may call getSettings() outside constructors. */
const ALLOWED: Readonly<Record<string, Allowed>> = {
  // The settings registry and start-up.
  'src/conf/settings/settings.ts': { reason: 'the settings registry itself' },
  'src/conf/apps.ts': { reason: 'start-up: the app registry is populated once from INSTALLED_APPS' },
  'src/templates/registry.ts': { reason: 'start-up: the TEMPLATES engines registry, built once per settings object' },
  'src/templates/backends/liquid-options.ts': { reason: 'start-up: an engine is configured once, when the registry builds it' },
  'src/cache/registry.ts': { reason: 'the caches registry: a connection is made once per alias from CACHES' },
  'src/db/connections/registry.ts': { reason: 'the connections registry: a connection is made once per alias from DATABASES' },
  'src/auth/password-validation/defaults.ts': {
    reason: 'the AUTH_PASSWORD_VALIDATORS registry',
    only: { getDefaultPasswordValidators: "Django's get_default_password_validators(): validators built once per value of the setting, then kept" },
  },
  // System checks, management commands, test tooling: never on the request path.
  'src/cache/checks.ts': { reason: 'system checks' },
  'src/csrf/system-checks.ts': { reason: 'system checks' },
  'src/db/management/checks.ts': { reason: 'system checks' },
  'src/sessions/checks.ts': { reason: 'system checks' },
  'src/auth/models/checks.ts': { reason: 'system checks' },
  'src/urls/checks.ts': { reason: 'system checks' },
  'src/cache/management/createcachetable.ts': { reason: 'management command' },
  'src/sessions/management/clearsessions.ts': { reason: 'management command' },
  'src/sessions/backends/file.ts': { reason: 'clearsessions', only: { clearExpired: 'static, run by the clearsessions command' } },
  'src/testing/client.ts': { reason: 'the test Client builds a new Handler whenever overrideSettings() changed the settings' },
  'src/testing/databases.ts': { reason: 'test databases' },
  // Read per call, as Django documents or does.
  'src/middleware/common.ts': {
    reason: 'the URLconf',
    only: { shouldRedirectWithSlash: "the URLconf in force for the request (Django's get_urlconf()); only for a slashless 404" },
  },
  'src/csrf/protection.ts': {
    reason: 'the decorators',
    only: { options: 'csrfProtect & co. are made at import time, before settings exist: read at the first request, then kept' },
  },
  'src/middleware/page-cache.ts': {
    reason: 'cachePage',
    only: {
      cacheAlias: 'an option cachePage left out, read at first use and kept (the middleware pass every option)',
      keyPrefix: 'as cacheAlias',
      cacheTimeout: 'as cacheAlias',
    },
  },
  'src/auth/tokens/generator.ts': {
    reason: 'the password-reset token generator',
    only: {
      '#settingsInForce': "defaultTokenGenerator is made at import, before settings exist: SECRET_KEY & co. are read at first use and kept per settings object (Django's secret property reads SECRET_KEY at use)",
    },
  },
  'src/mail/connection.ts': {
    reason: 'mail, never on the request path unless a view sends one',
    only: { getConnection: "Django's get_connection() reads EMAIL_BACKEND per call; the backend it makes reads its EMAIL_* settings once, in its constructor" },
  },
  'src/mail/send.ts': {
    reason: 'mail_admins/mail_managers',
    only: { mailStaff: "Django's mail_admins/mail_managers read ADMINS, MANAGERS, SERVER_EMAIL and EMAIL_SUBJECT_PREFIX per call" },
  },
  'src/csrf/failure-view.ts': {
    reason: 'a view',
    only: { csrfFailure: "the 403 page reads DEBUG as it renders, as Django's csrf_failure does; only for refused requests" },
  },
  'src/http/request.ts': {
    reason: DJANGO_HTTP_REQUEST,
    only: { '#settings': 'only a request made without frozen settings (new HttpRequest() in a test, RequestFactory): the server and the test Client hand each request its Handler\'s requestSettings' },
  },
  'src/http/content-type.ts': { reason: "Django's HttpResponse takes DEFAULT_CHARSET when built, per response" },
  'src/http/cache-control.ts': { reason: "patchResponseHeaders' default timeout: Django's patch_response_headers reads CACHE_MIDDLEWARE_SECONDS per call" },
  'src/cache/page-keys.ts': { reason: "getCacheKey/learnCacheKey: public helpers; Django's read CACHE_MIDDLEWARE_* per call" },
  'src/signing/salted-hmac.ts': { reason: "Django's signing reads SECRET_KEY per call (key rotation)" },
  'src/signing/cookie-signer.ts': { reason: "Django's get_cookie_signer reads SIGNING_BACKEND and the keys per call" },
  'src/templates/context-processors.ts': { reason: "the debug context processor: Django's reads DEBUG and INTERNAL_IPS per request" },
  'src/templates/tags/static.ts': { reason: "{% static %}: Django's reads STATIC_URL per render" },
  'src/templates/tags/cache.ts': { reason: "{% cache %}: Django's looks the cache up per render" },
  'src/urls/base.ts': { reason: "resolve()/reverse() without a URLconf: Django's get_resolver() reads ROOT_URLCONF per call" },
  'src/auth/backends/registry.ts': {
    reason: 'the AUTHENTICATION_BACKENDS registry',
    only: { configuredBackends: "authenticate()/login()/getUser() called without AuthenticationMiddleware's frozen backends: Django's get_backends() reads the setting per call; instances are built once per settings object" },
  },
  'src/auth/login.ts': {
    reason: 'authenticate(), login(), getUser()',
    only: { contextOf: 'only for a request AuthenticationMiddleware did not see (a RequestFactory request, the test Client\'s login): the middleware hands its own, read once' },
  },
  'src/auth/views/login-view.ts': {
    reason: 'LoginView',
    only: { successUrl: "Django's LoginView reads LOGIN_REDIRECT_URL per request (get_default_redirect_url); asView() runs at import, before settings exist" },
  },
  'src/auth/views/logout-view.ts': {
    reason: 'LogoutView',
    only: { successUrl: "Django's LogoutView reads LOGOUT_REDIRECT_URL per request; asView() runs at import, before settings exist" },
  },
  'src/auth/redirect-to-login.ts': {
    reason: 'the login redirect',
    only: {
      redirectToLogin: "Django's redirect_to_login reads LOGIN_URL per call; only for requests being sent to log in",
      redirectForLogin: 'as redirectToLogin (the decorators are made at import, before settings exist)',
    },
  },
  'src/auth/hashers/registry.ts': {
    reason: 'the PASSWORD_HASHERS registry',
    only: { hashersInForce: "getHasher()/identifyHasher()/makePassword(): Django's get_hashers() reads PASSWORD_HASHERS per call (cached until setting_changed); built once per PASSWORD_HASHERS value" },
  },
  'src/auth/models/get-user-model.ts': {
    reason: 'the user model in force',
    only: { getUserModel: "Django's get_user_model() reads AUTH_USER_MODEL per call (overrideSettings in tests swaps it); a label lookup, never a derived cache" },
  },
  'src/views/debug/not-found.ts': { reason: "DEBUG error pages: Django's technical_404 reads settings as it renders" },
  'src/views/debug/request-info.ts': { reason: "DEBUG error pages: Django's technical_500 reads settings as it renders" },
};

/** Module-level mutable state allowed in modules that read settings: explicit registries and memos. */
const STATE_ALLOWED: Readonly<Record<string, string>> = {
  'src/conf/settings/settings.ts configured': 'the settings registry',
  'src/conf/settings/settings.ts current': 'the settings registry',
  'src/auth/backends/registry.ts built': 'the AUTHENTICATION_BACKENDS registry: a WeakMap from a settings object to its backend instances, never stale',
  'src/auth/hashers/registry.ts built': 'the hashers built from a PASSWORD_HASHERS value, keyed by that value (a WeakMap), never stale',
  'src/urls/base.ts resolvers': 'a registry of resolvers keyed by the URLconf object (a WeakMap), never stale',
  'src/signing/salted-hmac.ts derivedKeys': 'derived keys keyed by the secret itself, never stale',
  'src/sessions/backends/file.ts checkedPaths': 'directories found to exist, keyed by the path itself, never stale',
  'src/http/content-type.ts CHARSETS': 'charsets parsed from Content-Type strings, keyed by the string itself',
  'src/http/content-type.ts TEXT_DECODERS': 'a TextDecoder per charset name, keyed by the name itself',
  'src/urls/checks.ts reported': 'URL patterns already reported by the system checks (a WeakSet)',
  'src/auth/password-validation/defaults.ts built': 'password validators keyed by the AUTH_PASSWORD_VALIDATORS value itself (a WeakMap), never stale',
  'src/testing/databases.ts probed': 'test tooling',
  'src/testing/databases.ts namespaceCounter': 'test tooling',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

const files = sourceFiles(join(root, 'src')).map((file) => {
  const name = relative(root, file).split(sep).join('/');
  return { name, source: ts.createSourceFile(name, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true) };
});

/** The name of the function a node sits in: the nearest function-like node (an arrow runs later, so it counts). */
function enclosingFunction(node: ts.Node): string {
  for (let at = node.parent; at !== undefined; at = at.parent) {
    if (ts.isConstructorDeclaration(at)) return 'constructor';
    if (ts.isMethodDeclaration(at) || ts.isGetAccessor(at) || ts.isSetAccessor(at) || ts.isFunctionDeclaration(at)) {
      return at.name?.getText() ?? '<anonymous>';
    }
    if (ts.isArrowFunction(at) || ts.isFunctionExpression(at)) {
      return ts.isVariableDeclaration(at.parent) ? at.parent.name.getText() : '<anonymous>';
    }
  }
  return '<module>';
}

function settingsCalls(source: ts.SourceFile): Array<{ fn: string; line: number }> {
  const calls: Array<{ fn: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'getSettings') {
      calls.push({ fn: enclosingFunction(node), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return calls;
}

const READONLY_TYPE = /^Readonly(Map|Set)\b|^Readonly</;
const COLLECTION = /^new (Map|Set|WeakMap|WeakSet)\b/;

describe('settings are read once, at start-up', () => {
  it('no request-path module calls getSettings() outside a constructor, except where listed with a reason', () => {
    const problems: string[] = [];
    for (const { name, source } of files) {
      if (name === 'src/conf/settings/settings.ts') continue;
      const allowed = ALLOWED[name];
      for (const call of settingsCalls(source)) {
        if (call.fn === 'constructor') continue;
        if (allowed !== undefined && (allowed.only === undefined || Object.hasOwn(allowed.only, call.fn))) continue;
        problems.push(`${name}:${call.line} calls getSettings() in ${call.fn}(); read it in the constructor, or list it here with the reason`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every allow-list entry is still needed', () => {
    const stale = Object.entries(ALLOWED).flatMap(([name, allowed]) => {
      const file = files.find((f) => f.name === name);
      if (file === undefined) return [`${name}: no such file`];
      const calls = settingsCalls(file.source).filter((c) => c.fn !== 'constructor');
      if (name !== 'src/conf/settings/settings.ts' && calls.length === 0) return [`${name}: no longer calls getSettings() outside a constructor`];
      return Object.keys(allowed.only ?? {}).filter((fn) => !calls.some((c) => c.fn === fn)).map((fn) => `${name}: ${fn}() no longer reads settings`);
    });
    expect(stale).toEqual([]);
  });

  it('no module that reads settings keeps module-level mutable state, except the listed registries', () => {
    const problems: string[] = [];
    for (const { name, source } of files) {
      if (!/\bgetSettings\b/.test(source.text)) continue;
      for (const statement of source.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        const mutable = (statement.declarationList.flags & ts.NodeFlags.Const) === 0;
        for (const declaration of statement.declarationList.declarations) {
          const id = `${name} ${declaration.name.getText()}`;
          const collection = declaration.initializer !== undefined && COLLECTION.test(declaration.initializer.getText())
            && !READONLY_TYPE.test(declaration.type?.getText() ?? '');
          if ((mutable || collection) && !Object.hasOwn(STATE_ALLOWED, id)) problems.push(`${id}: module-level mutable state`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
