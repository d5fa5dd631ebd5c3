import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { SuspiciousOperation } from '../../conf/errors.js';
import { configureLogging } from '../../conf/log.js';
import { configureSettings, defineSettings } from '../../conf/settings/index.js';
import type { SettingsInput } from '../../conf/settings/index.js';
import { HttpRequest } from '../../http/request.js';
import type { RawHeaders } from '../../http/request-headers.js';
import { HttpResponse } from '../../http/response.js';
import { Client } from '../../testing/client.js';
import { path } from '../../urls/index.js';
import { technical404Response, technical500Response } from '../debug.js';
import { MASK, maskSecretsInText } from './mask-text.js';

// Each secret is unique so a leak anywhere on the page is found.
const PG_PASSWORD = 'pg-pw-2f9a';
const REDIS_PASSWORD = 'redis-pw-81c3';
const REPLICA_PASSWORD = 'replica-pw-77d0';
const MEMCACHED_PASSWORD = 'memc-pw-1e44';
const NESTED_TOKEN = 'nested-token-5b6e';
const URL_OBJECT_PASSWORD = 'urlobj-pw-90aa';
const CONNINFO_PASSWORD = 'conninfo-pw-3c1d';
const DRIVER_PASSWORD = 'driver-pw-4411';
const REFERER_PASSWORD = 'referer-pw-6d2e';
const QUERY_KEY = 'query-key-0c5f';
const BASIC = Buffer.from('ann:basic-pw-a1b2').toString('base64');
const PROXY = 'proxy-cred-c3d4';
const SESSION = 'session-cookie-e5f6';
const COOKIE_URL_PASSWORD = 'cookie-url-pw-9f8e';
const SECRET_KEY = 'secret-key-7a7a7a7a';
const ALL = [PG_PASSWORD, REDIS_PASSWORD, REPLICA_PASSWORD, MEMCACHED_PASSWORD, NESTED_TOKEN, URL_OBJECT_PASSWORD, CONNINFO_PASSWORD,
  DRIVER_PASSWORD, REFERER_PASSWORD, QUERY_KEY, BASIC, PROXY, SESSION, COOKIE_URL_PASSWORD, SECRET_KEY];

const urlconf = {
  urlpatterns: [
    path('fail/', () => {
      throw new Error(`could not connect to postgres://root:${DRIVER_PASSWORD}@db.internal:5432/app`);
    }),
    path('suspicious/', () => {
      throw new SuspiciousOperation('tampered');
    }),
    path('ok/', () => new HttpResponse('ok')),
  ],
};

function configure(extra: SettingsInput = {}): void {
  configureSettings(defineSettings({
    DEBUG: true,
    SECRET_KEY,
    ALLOWED_HOSTS: ['testserver'],
    ROOT_URLCONF: urlconf,
    SESSION_COOKIE_NAME: 'sid',
    DATABASES: {
      default: { URL: `postgres://root:${PG_PASSWORD}@db.internal:5432/app` },
      replica: { ENGINE: 'postgresql', NAME: 'app', OPTIONS: { conninfo: `host=r1 user=app password=${CONNINFO_PASSWORD} sslmode=require` } },
    },
    CACHES: {
      default: { BACKEND: 'redis', LOCATION: [`redis://:${REDIS_PASSWORD}@cache-1:6379/0`, `redis://app:${REPLICA_PASSWORD}@cache-2:6379/0`] },
      sessions: { BACKEND: 'memcached', LOCATION: 'mc:11211', OPTIONS: { sasl: { user: 'app', credentials: { deep: { api_token: NESTED_TOKEN } } } } },
    },
    BROKER: new Map([['primary', `amqp://guest:${MEMCACHED_PASSWORD}@mq:5672/`]]),
    UPSTREAM: new URL(`https://svc:${URL_OBJECT_PASSWORD}@upstream.example/v1`),
    ...extra,
  }));
}

beforeEach(() => {
  configureLogging({ level: 'silent' });
  configure();
});

function request(url: string, headers: RawHeaders = {}): HttpRequest {
  return new HttpRequest({
    method: 'GET',
    url,
    headers: {
      host: 'testserver',
      authorization: `Basic ${BASIC}`,
      'proxy-authorization': `Bearer ${PROXY}`,
      referer: `https://ann:${REFERER_PASSWORD}@portal.example/from`,
      cookie: `sid=${SESSION}; backend=redis://:${COOKIE_URL_PASSWORD}@x:1; theme=dark`,
      ...headers,
    },
  });
}

function expectNoSecrets(page: string): void {
  for (const secret of ALL) expect(page, `leaks ${secret}`).not.toContain(secret);
}

describe('DEBUG pages mask passwords written inside values', () => {
  it.each([500, 400, 413])('the %i page, HTML and text, shows no password of a URL setting or of the request', (status) => {
    for (const accept of ['text/html', 'application/json']) {
      const error = new Error(`could not connect to postgres://root:${DRIVER_PASSWORD}@db.internal:5432/app`);
      const page = technical500Response(request(`/x/?api_key=${QUERY_KEY}&page=2`, { accept }), error, status).content.toString();
      expectNoSecrets(page);
      // What is left is still what a developer needs to see: user, host, port, database.
      for (const shown of [`root:${MASK}@db.internal:5432/app`, `redis://:${MASK}@cache-1:6379/0`, `app:${MASK}@cache-2`,
        `password=${MASK} sslmode=require`, `svc:${MASK}@upstream.example`, `api_key=${MASK}`, 'page=2', 'theme']) {
        expect(page).toContain(accept === 'text/html' ? shown.replaceAll("'", '&#39;') : shown);
      }
    }
  });

  it('the 404 page masks secret query parameters in the URL', () => {
    const page = technical404Response(request(`/nope/?token=${QUERY_KEY}`), { message: 'm', tried: [], path: 'nope/' }).content.toString();
    expect(page).not.toContain(QUERY_KEY);
  });

  it('through the handler: a view\'s 500 and a SuspiciousOperation\'s 400', async () => {
    const client = new Client({ raiseRequestException: false });
    for (const [url, status] of [['/fail/', 500], ['/suspicious/', 400]] as const) {
      const response = await client.request(request(`${url}?secret=${QUERY_KEY}`));
      expect(response.statusCode).toBe(status);
      expectNoSecrets(response.text);
      expect(response.text).toContain('db.internal');
    }
  });
});

describe('maskSecretsInText', () => {
  it.each([
    ['postgres://root:hunter2@db:5432/app', `postgres://root:${MASK}@db:5432/app`],
    ['redis://:hunter2@cache:6379/0', `redis://:${MASK}@cache:6379/0`],
    ['redis://:a1@h1,redis://:b2@h2', `redis://:${MASK}@h1,redis://:${MASK}@h2`],
    ['mysql://root@127.0.0.1:3306/test', 'mysql://root@127.0.0.1:3306/test'],
    ['postgres://u:p@ss/w,rd@host/db', `postgres://u:${MASK}@host/db`],
    ['http://host/users/@me', 'http://host/users/@me'],
    ['http://host:8080/x?email=a@b.com', 'http://host:8080/x?email=a@b.com'],
    ['postgres://u:12345@host', `postgres://u:${MASK}@host`],
    ['dbname=x password=s3 host=h', `dbname=x password=${MASK} host=h`],
    ['https://api.example/x?api_key=abc&page=2#f', `https://api.example/x?api_key=${MASK}&page=2#f`],
    ['sqlite:///db.sqlite3', 'sqlite:///db.sqlite3'],
    ['no secrets here', 'no secrets here'],
  ])('%j → %j', (text, expected) => {
    expect(maskSecretsInText(text)).toBe(expected);
  });

  it('hides any password in a connection URL, whatever characters it holds', () => {
    const password = fc.string({ minLength: 1, maxLength: 30, unit: 'binary' })
      .filter((p) => !/[\s"'`<>]/.test(p) && !/^\d+[/?#]/.test(p) && !/,[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(p));
    fc.assert(fc.property(password, fc.constantFrom('postgres', 'redis', 'mysql', 'amqp'), (pw, scheme) => {
      expect(maskSecretsInText(`${scheme}://user:${pw}@host:1234/db`)).toBe(`${scheme}://user:${MASK}@host:1234/db`);
    }), { numRuns: 2000 });
  });
});
