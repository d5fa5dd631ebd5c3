import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../conf/log.js';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { JsonResponse } from '../http/response.js';
import type { HttpRequest } from '../http/request.js';
import { probeDjango, PYTHON } from '../signing/django.test-helper.js';
import { Client } from '../testing/client.js';
import { path } from '../urls/index.js';
import { CsrfViewMiddleware } from './middleware.js';
import { getToken } from './request-state.js';

/** CSRF tokens cross between Canter and real Django (Debian's python3-django) both ways. */

const djangoAvailable = probeDjango();
const skip = djangoAvailable.ok ? undefined : `real Django is not available (${djangoAvailable.reason}); apt-get install python3-django`;
if (skip !== undefined && process.env.CI === 'true') throw new Error(`${skip}; under CI=true it is required`);

/** Runs Django's own CsrfViewMiddleware (and token helpers) on the given cases. */
function django(request: object): { minted: Array<{ cookie: string; token: string }>; verdicts: Array<string | null> } {
  const script = String.raw`
import json, sys
from django.conf import settings
request = json.loads(sys.stdin.read())
settings.configure(SECRET_KEY='csrf-compat', ALLOWED_HOSTS=['testserver'], DEBUG=True)
import django
django.setup()
from django.middleware import csrf
from django.test import RequestFactory
factory = RequestFactory()
minted = []
for _ in range(request['mint']):
    probe = factory.get('/')
    token = csrf.get_token(probe)                      # the form's token
    cookie = probe.META['CSRF_COOKIE']                 # what the cookie holds (masked before 4.1)
    minted.append({'cookie': cookie, 'token': token})
verdicts = []
for case in request['check']:
    post = factory.post('/', {'csrfmiddlewaretoken': case['token']})
    post.COOKIES['csrftoken'] = case['cookie']
    middleware = csrf.CsrfViewMiddleware(lambda r: None)
    middleware.process_request(post)
    answer = middleware.process_view(post, lambda r: None, (), {})
    verdicts.append(None if answer is None else answer.status_code)
sys.stdout.write(json.dumps({'minted': minted, 'verdicts': verdicts}))
`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(request), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { minted: Array<{ cookie: string; token: string }>; verdicts: Array<string | null> };
}

beforeAll(() => {
  configureLogging({ level: 'silent' });
  configureSettings(defineSettings({
    SECRET_KEY: 'csrf-compat',
    ROOT_URLCONF: {
      urlpatterns: [
        path('form/', (request: HttpRequest) => new JsonResponse({ token: getToken(request) })),
        path('echo/', () => new JsonResponse({ ok: true })),
      ],
    },
    MIDDLEWARE: [CsrfViewMiddleware],
  }));
});

describe.skipIf(skip !== undefined)('CSRF tokens and Django', () => {
  it('a cookie and form token minted by Django are accepted by Canter; a wrong one is not', async () => {
    const { minted } = django({ mint: 3, check: [] });
    for (const { cookie, token } of minted) {
      const client = new Client({ enforceCsrfChecks: true });
      client.cookies.set('csrftoken', cookie);
      expect((await client.post('/echo/', { csrfmiddlewaretoken: token })).statusCode).toBe(200);
    }
    const client = new Client({ enforceCsrfChecks: true });
    client.cookies.set('csrftoken', minted[0]!.cookie);
    expect((await client.post('/echo/', { csrfmiddlewaretoken: minted[1]!.token })).statusCode).toBe(403);
  });

  it("a cookie and token minted by Canter pass Django's own CsrfViewMiddleware; a mismatched pair does not", async () => {
    const pairs: Array<{ cookie: string; token: string }> = [];
    for (let i = 0; i < 3; i++) {
      const client = new Client({ enforceCsrfChecks: true });
      const { token } = (await client.get('/form/')).json() as { token: string };
      pairs.push({ cookie: client.cookies.get('csrftoken')!, token });
    }
    const { verdicts } = django({ mint: 0, check: [...pairs, { cookie: pairs[0]!.cookie, token: pairs[1]!.token }] });
    expect(verdicts).toEqual([null, null, null, 403]);
  });
});
