/**
 * Compares Canter's cookie, query-string and multipart parsing with real Django (Debian's
 * python3-django, run by /usr/bin/python3) on a batch of tricky inputs, in one Python call.
 */
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCookieHeader, serializeCookie } from './cookies.js';
import type { SerializeCookieOptions } from './cookies.js';
import { InvalidCookieError } from './errors.js';
import { parseMultipart } from './multipart.js';
import { QueryDict } from './query-dict.js';

const PYTHON = '/usr/bin/python3';
const ORACLE = fileURLToPath(new URL('./django-oracle.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0;
const NOW = 1_705_320_000.25;

type CookieCase = { name: string; value: string; options: SerializeCookieOptions & { expiresEpoch?: number }; injection?: boolean };
type CookieAnswer = { error?: string; header?: string; latin1?: boolean };
type MultipartCase = { body: string; contentType: string };
type MultipartAnswer = { error?: string; post?: [string, string[]][]; files?: [string, [string, number, string][]][] };
interface Answers {
  setCookie: CookieAnswer[];
  parseCookie: [string, string][][];
  queryString: [string, string[]][][];
  urlencode: string[];
  multipart: MultipartAnswer[];
}

const LATIN1 = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const VALUES = ['', 'simple', 'a b', 'x;y', 'q"uote', 'back\\slash', 'cr\r\nlf', 'tab\t', 'é', '\u007f\u0000', LATIN1, '{"a": [1, 2]}', 'comma,', '()/<=>?@[]{}', 'price €5', '\uD83D\uDE00'];
const OPTIONS: SerializeCookieOptions[] = [
  {},
  { maxAge: 0 },
  { maxAge: 3600 },
  { maxAge: 3600.9 },
  { maxAge: -5 },
  { maxAge: 1.5, expires: 'Wed, 21 Oct 2015 07:28:00 GMT' },
  { expires: 'Thu, 01 Jan 1970 00:00:00 GMT', maxAge: 0, secure: true, httpOnly: true, sameSite: 'Lax', domain: '.example.com' },
  { path: '/app/x', sameSite: 'Strict' },
  { path: null, sameSite: 'None', secure: true },
  { path: '', domain: '' },
  { expires: '' , maxAge: 10 },
];
const COOKIE_CASES: CookieCase[] = [
  ...VALUES.map((value) => ({ name: 'c', value, options: {} })),
  ...OPTIONS.map((options) => ({ name: 'sessionid', value: 'abc', options })),
  { name: 'd', value: 'v', options: { expiresEpoch: NOW + 10 } },
  { name: 'd', value: 'v', options: { expiresEpoch: NOW - 1000 } },
  { name: 'd', value: 'v', options: { expiresEpoch: NOW + 86_400 * 365 + 0.7 } },
  ...["!#$%&'*+-.^_`|~:", 'a b', 'a;b', '', 'expires', 'Path', 'Max-Age', 'é', 'a=b'].map((name) => ({ name, value: 'v', options: {} })),
  { name: 'e', value: 'v', options: { sameSite: 'Loose' as 'Lax' } },
  { name: 'i', value: 'v', options: { path: '/; Domain=evil.example' }, injection: true },
  { name: 'i', value: 'v', options: { domain: 'x.example\r\nX-Evil: 1' }, injection: true },
];

const COOKIE_HEADERS = [
  'a=1; b=2', 'abc', 'a="x\\073y"', '=', ' ; ', '"', 'a="\\"', 'a=1;a=2', '\u001fa=1\u0085', 'a=b=c', 'key="\\477"',
  '__proto__=1; constructor=2', 'a="\\\nb"', 'x="\\q\\\\"', '  =  v ', 'a=\uFEFF1\u3000',
  ...fc.sample(fc.string({ unit: fc.constantFrom(';', '=', '"', '\\', ' ', 'a', '0', '7', '3', '\n', '\u0085', 'é') }), { seed: 42, numRuns: 300 }),
];

const QUERY_STRINGS = [
  'a=1&a=2&c=3', 'a=1;b=2', '&&a&=b&c=', 'q=a+b%2Bc', 'x=%E2%82%AC%zz%', 'a=%E0%A4%A', 'a=%ED%A0%80x', 'a=%C0%AF%F4%90%80%80',
  '%C3%A9=é&é=%C3', 'a=%F0%9F%98', '__proto__=1', 'a==b', '+=+',
  ...fc.sample(fc.string({ unit: fc.constantFrom('%', '+', '&', '=', 'a', 'F', 'C', '3', '0', 'é', 'E', '8', ';', 'z') }), { seed: 7, numRuns: 300 }),
];

const URLENCODE_CASES: { lists: [string, string[]][]; safe: string | null }[] = [null, '/', '/?:@', ' ', '~!*()'].flatMap((safe) => [
  { lists: [['a b', ['1 2', '/x?&=é']], ['~._-', ["!'()*"]], ['', ['']]], safe },
  { lists: [['next', ['/a/b c?d=1&e']], ['€', ['😀', '%']]], safe },
]);

const BOUNDARY = 'XyZ-boundary';
const mp = (parts: string[], boundary = BOUNDARY) =>
  Buffer.from(parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') + `--${boundary}--\r\n`, 'latin1');
const disp = (rest: string, data: string, extra = '') => `Content-Disposition: form-data; ${rest}\r\n${extra}\r\n${data}`;
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const MULTIPART_CASES: MultipartCase[] = [
  mp([disp('name="title"', 'Hello'), disp('name="doc"; filename="a.txt"', 'content', 'Content-Type: text/plain\r\n'), disp('name="title"', utf8('Wörld €'))]),
  mp([disp('name="f"; filename=""', '', 'Content-Type: application/octet-stream\r\n'), disp('name="a"', 'x')]),
  mp([disp('name="a"; filename="../../etc/passwd"', '1'), disp('name="b"; filename="C:\\\\Users\\\\me\\\\photo&#233;.jpg"', '2'), disp('name="c"; filename=".."', '3')]),
  mp([disp('name=" spaced "', 'v'), disp('name="dup"', '1'), disp('name="dup"', '2')]),
  mp([disp('name="b64"', Buffer.from('héllo').toString('base64'), 'Content-Transfer-Encoding: base64\r\n'), disp('name="bf"; filename="b.bin"', Buffer.from('file!').toString('base64'), 'Content-Transfer-Encoding: base64\r\n')]),
  mp(['Content-Disposition: form-data\r\n\r\nnameless', disp('name="a"', '1')]),
  mp([disp(`name="u"; filename*=UTF-8''%C3%A9t%C3%A9.txt`, 'x'), disp(`name="r"; filename="${utf8('naïve.txt')}"`, 'y')]),
  mp([disp('name="bad"', 'he\u00ffllo'), disp(`name="${utf8('clé')}"`, 'v')]),
  Buffer.from(`preamble text\r\n${mp([disp('name="a"', '1')]).toString('latin1')}epilogue`, 'latin1'),
  Buffer.alloc(0),
].map((body) => ({ body: body.toString('base64'), contentType: `multipart/form-data; boundary=${BOUNDARY}` }));
MULTIPART_CASES.push(
  { body: mp([disp('name="a"', '1')], 'we;ird "b"').toString('base64'), contentType: 'multipart/form-data; boundary="we;ird \\"b\\""' },
  { body: mp([disp('name="a"', '1')]).toString('base64'), contentType: 'multipart/form-data' },
  { body: mp([disp('name="a"', '1')]).toString('base64'), contentType: 'multipart/form-data; boundary=' },
);

let answers: Answers;

// Without Django the comparisons are skipped, except under CI=true, where they fail instead.
const required = process.env.CI === 'true';

describe.skipIf(!hasDjango && !required)('Canter against real Django' + (hasDjango ? '' : ' (python3-django is missing; apt-get install python3-django)'), () => {
  beforeAll(() => {
    if (!hasDjango) {
      throw new Error('python3-django is missing: /usr/bin/python3 -c "import django" failed, and CI=true requires these comparisons.');
    }
    const request = { now: NOW, setCookie: COOKIE_CASES, parseCookie: COOKIE_HEADERS, queryString: QUERY_STRINGS, urlencode: URLENCODE_CASES, multipart: MULTIPART_CASES };
    const run = spawnSync(PYTHON, [ORACLE], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) throw new Error(`django-oracle.py failed: ${run.stderr}`);
    answers = JSON.parse(run.stdout) as Answers;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW * 1000);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('serializeCookie writes the bytes set_cookie writes, and refuses what Django refuses or cannot send', () => {
    COOKIE_CASES.forEach((c, i) => {
      const django = answers.setCookie[i] as CookieAnswer;
      const { expiresEpoch, ...options } = c.options;
      if (expiresEpoch !== undefined) options.expires = new Date(expiresEpoch * 1000);
      const ours = (): string => serializeCookie(c.name, c.value, options);
      const label = JSON.stringify(c);
      if (c.injection) {
        // Django writes these attributes unchecked, so they forge attributes or headers; Canter refuses.
        expect(django.header, label).toMatch(/; Domain=evil|\r\n/);
        expect(ours, label).toThrow(InvalidCookieError);
      } else if (django.error !== undefined || django.latin1 === false) {
        expect(ours, label).toThrow(InvalidCookieError);
      } else {
        expect(ours(), label).toBe(django.header);
      }
    });
  });

  it('parseCookieHeader reads what parse_cookie reads', () => {
    COOKIE_HEADERS.forEach((header, i) => {
      const ours = Object.entries(parseCookieHeader(header)).sort();
      expect(ours, JSON.stringify(header)).toEqual([...(answers.parseCookie[i] ?? [])].sort());
    });
  });

  it('every serialized value is read back by parse_cookie unchanged', () => {
    const pairs = answers.setCookie.filter((a) => a.header !== undefined && a.latin1);
    expect(pairs.length).toBeGreaterThan(20);
    for (const [i, c] of COOKIE_CASES.entries()) {
      const header = answers.setCookie[i]?.header;
      if (header === undefined || c.name !== 'c') continue;
      expect(parseCookieHeader(header.split('; Path=/')[0] ?? '')['c']).toBe(c.value);
    }
  });

  it('QueryDict.fromQueryString parses what QueryDict(query_string) parses', () => {
    QUERY_STRINGS.forEach((qs, i) => {
      expect([...QueryDict.fromQueryString(qs).lists()], JSON.stringify(qs)).toEqual(answers.queryString[i]);
    });
  });

  it('QueryDict.urlencode writes what Django writes', () => {
    URLENCODE_CASES.forEach((c, i) => {
      expect(new QueryDict(c.lists).urlencode(c.safe ?? undefined), JSON.stringify(c)).toBe(answers.urlencode[i]);
    });
  });

  it('parseMultipart gives the POST and FILES MultiPartParser gives', async () => {
    for (const [i, c] of MULTIPART_CASES.entries()) {
      const django = answers.multipart[i] as MultipartAnswer;
      const limits = { maxMemorySize: null, maxNumberFields: null, maxNumberFiles: null, fileMaxMemorySize: 4, tempDir: null };
      const run = parseMultipart(Readable.from([Buffer.from(c.body, 'base64')]), c.contentType, limits);
      const label = `${i}: ${Buffer.from(c.body, 'base64').toString('latin1')}`;
      if (django.error !== undefined) {
        await expect(run, label).rejects.toThrow();
        continue;
      }
      const { POST, FILES, cleanup } = await run;
      expect([...POST.lists()], label).toEqual(django.post);
      const files = [];
      for (const [key, list] of FILES.lists()) {
        files.push([key, await Promise.all(list.map(async (f) => [f.name, f.size, (await f.read()).toString('base64')]))]);
      }
      expect(files, label).toEqual(django.files);
      await cleanup();
    }
  });
});
