/**
 * Password-reset tokens shared with real Django 3.2 (Debian's python3-django under
 * /usr/bin/python3): a token Django makes for a user at a fixed time checks in Canter, and is the
 * very token Canter makes; a token Canter makes checks in Django, and both refuse it one second
 * after PASSWORD_RESET_TIMEOUT. Both sides run with the same SECRET_KEY, TIME_ZONE and USE_TZ.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { PasswordResetTokenGenerator, type TokenUser } from '../../src/auth/index.js';
import { configureSettings, defineSettings, overrideSettings } from '../../src/conf/index.js';
import { probeDjango, PYTHON } from '../../src/signing/django.test-helper.js';

const SECRET = 'django-compat-tokens-sécret-🔑';
const TIMEOUT = 259_200;

const djangoAvailable = probeDjango();
const skipDjango = djangoAvailable.ok ? undefined : `real Django is not available (${djangoAvailable.reason}); apt-get install python3-django`;
if (skipDjango !== undefined && process.env.CI === 'true') throw new Error(`${skipDjango}; under CI=true it is required`);
if (skipDjango !== undefined) console.warn(`Skipping the Django token compatibility tests: ${skipDjango}`);

/** A user as both sides see it; lastLogin is an ISO instant (UTC) or, with USE_TZ off, a naive local time. */
interface UserSpec {
  pk: number | string | null;
  password: string;
  lastLogin: string | null;
  emailField: string;
  email: string | null;
}

type Op =
  | { op: 'make'; user: UserSpec; now: string }
  | { op: 'check'; user: UserSpec; now: string; token: string };

const SCRIPT = String.raw`
import json, sys
from datetime import datetime, timezone
request = json.loads(sys.stdin.read())
from django.conf import settings
settings.configure(SECRET_KEY=request['secretKey'], TIME_ZONE=request['timeZone'], USE_TZ=request['useTz'], PASSWORD_RESET_TIMEOUT=request['timeout'])
from django.contrib.auth.tokens import PasswordResetTokenGenerator

class User:
    def __init__(self, spec):
        self.pk = spec['pk']
        self.password = spec['password']
        self._email_field = spec['emailField']
        setattr(self, spec['emailField'], spec['email'])
        login = spec['lastLogin']
        if login is None:
            self.last_login = None
        elif request['useTz']:
            self.last_login = datetime.fromisoformat(login.replace('Z', '+00:00')).astimezone(timezone.utc)
        else:
            self.last_login = datetime.fromisoformat(login)
    def get_email_field_name(self):
        return self._email_field

class At(PasswordResetTokenGenerator):
    def __init__(self, now):
        self.at = now
        super().__init__()
    def _now(self):
        return self.at

out = []
for op in request['ops']:
    gen = At(datetime.fromisoformat(op['now']))
    user = User(op['user'])
    if op['op'] == 'make':
        out.append(gen.make_token(user))
    else:
        out.append(gen.check_token(user, op['token']))
sys.stdout.write(json.dumps(out))
`;

function runDjango(config: { timeZone: string; useTz: boolean }, ops: readonly Op[]): Array<string | boolean> {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify({ secretKey: SECRET, timeout: TIMEOUT, ...config, ops }),
    encoding: 'utf8',
  });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`Django helper failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<string | boolean>;
}

/** A generator whose clock stands at `now`. */
class At extends PasswordResetTokenGenerator {
  readonly #now: Date;

  constructor(now: Date) {
    super();
    this.#now = now;
  }

  protected override now(): Date {
    return this.#now;
  }
}

function canterUser(spec: UserSpec, useTz: boolean): TokenUser {
  let lastLogin: Date | null = null;
  if (spec.lastLogin !== null) lastLogin = new Date(useTz ? spec.lastLogin : `${spec.lastLogin}+02:00`);
  return { pk: spec.pk, password: spec.password, last_login: lastLogin, [spec.emailField]: spec.email, getEmailFieldName: () => spec.emailField } as TokenUser;
}

const HASH = 'pbkdf2_sha256$870000$salt$hashhashhashhashhashhashhashhashhashhashhas=';
const USERS: readonly UserSpec[] = [
  { pk: 1, password: HASH, lastLogin: null, emailField: 'email', email: 'ann@example.com' },
  { pk: 42, password: HASH, lastLogin: '2023-01-02T03:04:05.678Z', emailField: 'email', email: 'zoë@exämple.com' },
  { pk: 7, password: '!unusablepassword', lastLogin: '1999-12-31T23:59:59.999Z', emailField: 'email', email: null },
  { pk: 'e5c1b2a4-7d9e-4f00-8c3b-0a1b2c3d4e5f', password: HASH, lastLogin: '2024-02-29T12:00:00.000Z', emailField: 'email_address', email: 'custom@example.com' },
  { pk: 9, password: HASH, lastLogin: null, emailField: 'email', email: '' },
];

/** Naive `now` for Django, the same instant for Canter (UTC wall clock). */
const NOW_NAIVE = '2024-05-06T07:08:09.123456';
const NOW = new Date('2024-05-06T07:08:09.123Z');

beforeAll(() => {
  configureSettings(defineSettings({ SECRET_KEY: SECRET, TIME_ZONE: 'UTC', USE_TZ: true, PASSWORD_RESET_TIMEOUT: TIMEOUT }));
});

describe.skipIf(skipDjango !== undefined)('password-reset tokens shared with Django 3.2', () => {
  it("Canter accepts Django's tokens, and makes the same ones", () => {
    const made = runDjango({ timeZone: 'UTC', useTz: true }, USERS.map((user) => ({ op: 'make', user, now: NOW_NAIVE })));
    const canter = new At(NOW);
    USERS.forEach((spec, i) => {
      const user = canterUser(spec, true);
      expect(made[i]).toMatch(/^[0-9a-z]+-[0-9a-f]{32}$/);
      expect(canter.checkToken(user, made[i] as string)).toBe(true);
      expect(canter.makeToken(user)).toBe(made[i]);
    });
  });

  it("Django accepts Canter's tokens until PASSWORD_RESET_TIMEOUT, and both refuse them one second later", () => {
    const tokens = USERS.map((spec) => new At(NOW).makeToken(canterUser(spec, true)));
    const lastNaive = new Date(NOW.getTime() + TIMEOUT * 1000).toISOString().slice(0, -1);
    const afterNaive = new Date(NOW.getTime() + (TIMEOUT + 1) * 1000).toISOString().slice(0, -1);
    const ops: Op[] = USERS.flatMap((user, i) => [
      { op: 'check', user, now: lastNaive, token: tokens[i]! },
      { op: 'check', user, now: afterNaive, token: tokens[i]! },
      { op: 'check', user: { ...user, email: 'changed@example.com' }, now: NOW_NAIVE, token: tokens[i]! },
    ]);
    expect(runDjango({ timeZone: 'UTC', useTz: true }, ops)).toEqual(USERS.flatMap(() => [true, false, false]));
    USERS.forEach((spec, i) => {
      const user = canterUser(spec, true);
      expect(new At(new Date(NOW.getTime() + TIMEOUT * 1000)).checkToken(user, tokens[i]!)).toBe(true);
      expect(new At(new Date(NOW.getTime() + (TIMEOUT + 1) * 1000)).checkToken(user, tokens[i]!)).toBe(false);
    });
  });

  it('counts time on the wall clock of TIME_ZONE, as Django (whose datetime.now() is naive local time) does', () => {
    // 09:08:09.5 in Paris (summer time, UTC+2) is 07:08:09.5 UTC.
    const made = runDjango({ timeZone: 'Europe/Paris', useTz: true }, USERS.map((user) => ({ op: 'make', user, now: '2024-05-06T09:08:09.5' })));
    overrideSettings({ TIME_ZONE: 'Europe/Paris' }, () => {
      const canter = new At(new Date('2024-05-06T07:08:09.500Z'));
      USERS.forEach((spec, i) => expect(canter.makeToken(canterUser(spec, true))).toBe(made[i]));
    });
  });

  it('reads last_login as local time of TIME_ZONE without USE_TZ, as Django holds it then', () => {
    // Naive Paris times in summer (UTC+2); canterUser gives Canter the same instants.
    const users = USERS.map((u, i) => ({ ...u, lastLogin: u.lastLogin === null ? null : `2024-0${i + 4}-10T1${i}:30:4${i}` }));
    const made = runDjango({ timeZone: 'Europe/Paris', useTz: false }, users.map((user) => ({ op: 'make', user, now: '2024-08-06T09:08:09' })));
    overrideSettings({ TIME_ZONE: 'Europe/Paris', USE_TZ: false }, () => {
      const canter = new At(new Date('2024-08-06T07:08:09Z'));
      users.forEach((spec, i) => expect(canter.makeToken(canterUser(spec, false)), JSON.stringify(spec)).toBe(made[i]));
    });
  });
});
