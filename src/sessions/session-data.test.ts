import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, overrideSettings, settingsConfigured } from '../conf/settings/index.js';
import { probeDjango, PYTHON } from '../signing/django.test-helper.js';
import { decodeSessionData, encodeSessionData, SESSION_DATA_SALT } from './session-data.js';

const SECRET = 'session-data-test-secret-key-0123456789';

beforeAll(() => {
  if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: SECRET });
});

/** Django's SessionBase.encode/decode (signed_cookies' SessionStore inherits both, salt and all). */
function django(ops: Array<{ op: 'encode'; json: string } | { op: 'decode'; text: string }>, legacy = false): string[] {
  const script = String.raw`
import json, sys
from django.conf import settings
request = json.loads(sys.stdin.read())
extra = {'DEFAULT_HASHING_ALGORITHM': 'sha1'} if request['legacy'] else {}
settings.configure(SECRET_KEY=request['secret'], **extra)
import warnings; warnings.simplefilter('ignore')
from django.contrib.sessions.backends.signed_cookies import SessionStore
out = []
for op in request['ops']:
    store = SessionStore()
    if op['op'] == 'encode':
        out.append(store.encode(json.loads(op['json'])))
    else:
        out.append(json.dumps(store.decode(op['text']), separators=(',', ':')))
sys.stdout.write(json.dumps(out))
`;
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ secret: SECRET, legacy, ops }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as string[];
}

const djangoAvailable = probeDjango();
const skipDjango = djangoAvailable.ok ? undefined : `real Django is not available (${djangoAvailable.reason}); apt-get install python3-django`;
if (skipDjango !== undefined && process.env.CI === 'true') throw new Error(`${skipDjango}; under CI=true it is required`);

const SAMPLES = [
  {},
  { username: 'root', is_login: true },
  { count: 41, cart: [1, 2, 3], nested: { 'ünïcode ☃': 'value', n: null } },
  { _auth_user_id: '1', _auth_user_backend: 'django.contrib.auth.backends.ModelBackend', _auth_user_hash: 'a'.repeat(64) },
  { big: 'x'.repeat(5000) }, // compressible: written compressed
];

describe.skipIf(skipDjango !== undefined)(`session data shared with Django ${djangoAvailable.ok ? djangoAvailable.version : ''}`, () => {
  it('Django reads what Canter writes', () => {
    const decoded = django(SAMPLES.map((data) => ({ op: 'decode' as const, text: encodeSessionData(data) })));
    expect(decoded.map((text) => JSON.parse(text) as unknown)).toStrictEqual(SAMPLES);
  });

  it('Canter reads what Django writes, compressed or not', () => {
    const encoded = django(SAMPLES.map((data) => ({ op: 'encode' as const, json: JSON.stringify(data) })));
    expect(encoded[4]?.startsWith('.')).toBe(true); // Django compressed the big one
    expect(encoded.map((text) => decodeSessionData(text))).toStrictEqual(SAMPLES);
  });

  it('Canter reads the format before Django 3.1', () => {
    const [legacy] = django([{ op: 'encode', json: JSON.stringify(SAMPLES[1]) }], true);
    expect(legacy).not.toContain(':'); // base64 of hash:data, not a signed value
    expect(decodeSessionData(legacy ?? '')).toStrictEqual(SAMPLES[1]);
  });

  it('Django gives an empty session for data Canter signed with another key', () => {
    const foreign = encodeSessionData({ username: 'root' }, { key: 'another-secret' });
    expect(django([{ op: 'decode', text: foreign }])).toStrictEqual(['{}']);
  });
});

describe('session data', () => {
  it('round-trips any JSON object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { noNullPrototype: true }), (data) => {
        expect(decodeSessionData(encodeSessionData(data))).toStrictEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 200 },
    );
  });

  it('is an empty session, never an error, when forged, truncated or signed with another key or salt', () => {
    const good = encodeSessionData({ username: 'root' });
    const hostile = [
      '',
      'garbage',
      good.slice(0, -3),
      good.slice(1),
      good.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      encodeSessionData({ username: 'root' }, { key: 'other' }),
      encodeSessionData({ username: 'root' }, { salt: 'other' }),
      Buffer.from('0000:{"username":"root"}').toString('base64'),
      ':'.repeat(10_000),
    ];
    for (const text of hostile) expect(decodeSessionData(text)).toStrictEqual({});
  });

  it('never throws on arbitrary stored text (property)', () => {
    fc.assert(fc.property(fc.string(), (text) => void expect(typeof decodeSessionData(text)).toBe('object')));
  });

  it('reads data signed with a key listed in SECRET_KEY_FALLBACKS', () => {
    const old = overrideSettings({ SECRET_KEY: 'the-old-key' }, () => encodeSessionData({ kept: true }));
    overrideSettings({ SECRET_KEY: 'the-new-key', SECRET_KEY_FALLBACKS: ['the-old-key'] }, () => {
      expect(decodeSessionData(old)).toStrictEqual({ kept: true });
    });
    overrideSettings({ SECRET_KEY: 'the-new-key', SECRET_KEY_FALLBACKS: [] }, () => {
      expect(decodeSessionData(old)).toStrictEqual({});
    });
  });

  it("uses Django's salt for stored sessions", () => {
    expect(SESSION_DATA_SALT).toBe('django.contrib.sessions.SessionStore');
  });
});
