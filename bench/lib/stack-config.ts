/**
 * What the full-stack servers of `npm run bench:stack` share: the two paths, the secret, the CSRF
 * cookie, the four security headers Canter's middleware sends, the `--helmet` flag, and the login
 * form's templates (Canter's Django-syntax pair and the plain-Liquid pair Fastify and Express
 * render), written to a directory of their own when a server starts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagValue } from './server-args.js';

export const HELLO_PATH = '/hello/';
export const LOGIN_PATH = '/login/';
export const STACK_ROUTES = ['hello', 'login'] as const;
export type StackRoute = (typeof STACK_ROUTES)[number];
export const ROUTE_PATHS: Readonly<Record<StackRoute, string>> = { hello: HELLO_PATH, login: LOGIN_PATH };

/** Canter's SECRET_KEY, the session secret and csrf-csrf's HMAC key (≥ 32 characters for @fastify/session). */
export const STACK_SECRET = 'canter-bench-full-stack-secret-0123456789abcdef';

/** Every stack names its CSRF cookie as Django does, so the verification and the wire look alike. */
export const CSRF_COOKIE = 'csrftoken';
/** Django's CSRF_COOKIE_AGE, a year (52 weeks), given to every stack. */
export const CSRF_COOKIE_AGE_SECONDS = 31_449_600;
/** Django's SESSION_COOKIE_AGE, two weeks. */
export const SESSION_COOKIE_AGE_SECONDS = 1_209_600;

/** The headers Canter's SecurityMiddleware and XFrameOptionsMiddleware send by default, with their values. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * `--helmet matched` (the default): helmet sends exactly Canter's four headers with Canter's
 * values and none of its others (CSP, CORP, Origin-Agent-Cluster, HSTS, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection), so every stack does the
 * same header work. `--helmet defaults`: helmet as installed (twelve headers, some values differ).
 */
export type HelmetMode = 'matched' | 'defaults';

export function helmetOptions(mode: HelmetMode): Record<string, unknown> {
  if (mode === 'defaults') return {};
  return {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  };
}

/** Reads `--helmet matched|defaults` (matched when absent); exits with a message when it is bad. */
export function helmetFromArgs(argv: readonly string[] = process.argv.slice(2)): HelmetMode {
  const raw = flagValue(argv, 'helmet');
  if (raw === undefined) return 'matched';
  if (raw !== 'matched' && raw !== 'defaults') {
    console.error(`usage: node <server>.js --port N [--helmet matched|defaults] (got --helmet ${raw})`);
    process.exit(2);
  }
  return raw;
}

const BASE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}Canter demo{% endblock %}</title></head>
<body>
{% block content %}{% endblock %}
</body>
</html>
`;

/** The login page, given the parent-template tag, the form's action and its CSRF field. */
const loginTemplate = (parent: string, action: string, csrfField: string): string => `${parent}
{% block title %}log in{% endblock %}
{% block content %}
{% if error %}<p>{{ error }}</p>{% endif %}
<form action="${action}" method="POST">
  ${csrfField}
  <input type="text" name="username" value="{{ username }}" />
  <input type="password" name="password" />
  <label><input type="checkbox" name="rmb" value="1" /> remember me for 10 s</label>
  <input type="submit" value="log in" />
</form>
{% endblock %}
`;

/** examples/demo/templates/login.html: Django syntax, `{% csrf_token %}` and `{% url %}`. */
const CANTER_LOGIN = loginTemplate('{% extends "base.html" %}', "{% url 'login' %}", '{% csrf_token %}');

/** The same page in plain Liquid: the token and the form's URL come from the context. */
const LIQUID_LOGIN = loginTemplate('{% layout "base.html" %}', '{{ loginUrl }}', '<input type="hidden" name="_csrf" value="{{ csrfToken }}">');

export const LOGIN_TEMPLATE = 'login.html';

/** Writes base.html and login.html for `flavour` to <tmpdir>/canter-bench-stack/<flavour> (rewritten
 * at each start: the same bytes every time); returns the directory. */
export function writeLoginTemplates(flavour: 'canter' | 'liquid'): string {
  const dir = join(tmpdir(), 'canter-bench-stack', flavour);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'base.html'), BASE);
  writeFileSync(join(dir, LOGIN_TEMPLATE), flavour === 'canter' ? CANTER_LOGIN : LIQUID_LOGIN);
  return dir;
}
