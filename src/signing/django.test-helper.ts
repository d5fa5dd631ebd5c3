/**
 * Runs Django's own signing code (Debian's python3-django, under /usr/bin/python3) so tests can
 * check Canter against it. Many operations go in one call, as JSON on stdin, to keep tests fast.
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** One operation for Django to run; `now` (seconds) pins time.time() for it. */
export type DjangoOp =
  | { op: 'sign'; value: string; key?: string; salt?: string; sep?: string; algorithm?: string; timestamp?: boolean; now?: number }
  | { op: 'unsign'; signed: string; key?: string; salt?: string; sep?: string; algorithm?: string; timestamp?: boolean; maxAge?: number; now?: number }
  | { op: 'dumps'; json: string; key?: string; salt?: string; compress?: boolean; now?: number }
  | { op: 'loads'; signed: string; key?: string; salt?: string; maxAge?: number; now?: number }
  | { op: 'cookieSign'; name: string; value: string; salt?: string; now?: number }
  | { op: 'cookieUnsign'; name: string; signed: string; salt?: string; maxAge?: number; now?: number }
  | { op: 'jsonDumps'; json: string }
  | { op: 'saltedHmac'; keySalt: string; value: string; secret: string; algorithm: string };

/** A result: `ok` holds the answer (for loads, the object as JSON text), `error` Django's exception class. */
export type DjangoResult = { ok: string } | { error: string; message: string };

const SCRIPT = String.raw`
import json, sys
from unittest import mock
import django
from django.conf import settings
request = json.loads(sys.stdin.read())
settings.configure(SECRET_KEY=request['secretKey'])
from django.core import signing
from django.utils.crypto import salted_hmac

def signer(op):
    cls = signing.TimestampSigner if op.get('timestamp') else signing.Signer
    kwargs = {k: op[k] for k in ('key', 'salt', 'sep', 'algorithm') if op.get(k) is not None}
    return cls(**kwargs)

def run(op):
    kind = op['op']
    if kind == 'sign':
        return signer(op).sign(op['value'])
    if kind == 'unsign':
        s = signer(op)
        if op.get('timestamp'):
            return s.unsign(op['signed'], max_age=op.get('maxAge'))
        return s.unsign(op['signed'])
    if kind == 'dumps':
        return signing.dumps(json.loads(op['json']), key=op.get('key'), salt=op.get('salt', 'django.core.signing'), compress=op.get('compress', False))
    if kind == 'loads':
        obj = signing.loads(op['signed'], key=op.get('key'), salt=op.get('salt', 'django.core.signing'), max_age=op.get('maxAge'))
        return json.dumps(obj, separators=(',', ':'))
    if kind == 'cookieSign':
        return signing.get_cookie_signer(salt=op['name'] + op.get('salt', '')).sign(op['value'])
    if kind == 'cookieUnsign':
        return signing.get_cookie_signer(salt=op['name'] + op.get('salt', '')).unsign(op['signed'], max_age=op.get('maxAge'))
    if kind == 'jsonDumps':
        return signing.JSONSerializer().dumps(json.loads(op['json'])).decode('latin-1')
    if kind == 'saltedHmac':
        return salted_hmac(op['keySalt'], op['value'], op['secret'], algorithm=op['algorithm']).hexdigest()
    raise ValueError('unknown op ' + kind)

results = []
for op in request['ops']:
    try:
        if op.get('now') is not None:
            with mock.patch.object(signing.time, 'time', return_value=op['now']):
                results.append({'ok': run(op)})
        else:
            results.append({'ok': run(op)})
    except Exception as e:
        results.append({'error': type(e).__name__, 'message': str(e)})
sys.stdout.write(json.dumps({'version': django.get_version(), 'results': results}))
`;

/** Whether Django can be imported; `reason` says why not. */
export function probeDjango(): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' });
  if (probe.error !== undefined) return { ok: false, reason: `${PYTHON} could not be run: ${probe.error.message}` };
  if (probe.status !== 0) return { ok: false, reason: probe.stderr.trim().split('\n').pop() ?? `exit status ${probe.status}` };
  return { ok: true, version: probe.stdout.trim() };
}

/** Runs the operations in one Django process configured with SECRET_KEY = secretKey. */
export function runDjango(secretKey: string, ops: readonly DjangoOp[]): DjangoResult[] {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], {
    input: JSON.stringify({ secretKey, ops }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`Django helper failed (exit ${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { results: DjangoResult[] }).results;
}

/** The answer of a result that must have succeeded; throws Django's error otherwise. */
export function ok(result: DjangoResult | undefined): string {
  if (result === undefined) throw new Error('Django returned no result for this operation');
  if ('error' in result) throw new Error(`Django raised ${result.error}: ${result.message}`);
  return result.ok;
}
