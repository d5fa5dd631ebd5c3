import type { SessionData } from '../../../sessions/session-data.js';

/** n characters of a–z0–9 from a fixed xorshift sequence: no repeats for compression to fold. */
function noise(n: number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let x = 2_463_534_242;
  let text = '';
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    text += chars[(x >>> 0) % 36];
  }
  return text;
}

/** Values a session must keep exactly (JSON), including a ~2 kB one that does not compress away. */
export const ROUND_TRIP: SessionData = {
  unicode: 'Ünïcødé ☃ 𝄞 中文 עברית e\u0301',
  nested: { a: 1, b: { c: [true, null, 'x'], d: {} } },
  array: [1, 'two', null, [3, [4]], { five: 5 }],
  zero: 0,
  negative: -42,
  float: 3.25,
  big: Number.MAX_SAFE_INTEGER,
  yes: true,
  no: false,
  nothing: null,
  empty: '',
  emptyArray: [],
  '': 'the empty key',
  'ключ ✓': 'unicode key',
  ['__proto__']: { polluted: true },
  constructor: 'not a function',
  large: noise(2048),
};

/** Values JSON cannot hold (or would change): each must throw SessionValueError. */
export function unstorable(): Array<[string, unknown]> {
  class Point {
    x = 1;
  }
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  return [
    ['undefined', undefined],
    ['a function', () => 1],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a Date', new Date()],
    ['a class instance', new Point()],
    ['a Buffer', Buffer.from('x')],
    ['undefined in an array', [1, undefined]],
    ['a function deep in an object', { a: { b: [() => 1] } }],
    ['an object that contains itself', circular],
  ];
}

/**
 * Keys a cookie may carry that no store holds, by case name: each must give an empty session,
 * never an error. A function makes its key from a stored session's key (a near miss of it).
 */
export const HOSTILE_KEYS = {
  pathUp: '../../etc/passwd',
  absolutePath: '/etc/passwd',
  slashes: 'a/b\\c/d\\e',
  traversalIntoStore: '/../../sessionidabcdefgh',
  veryLong: 'x'.repeat(10_000),
  nul: '\u0000abcdefgh',
  controlChars: 'abc\r\ndef ghi\t',
  unicode: 'ключключключ☃𝄞',
  loneSurrogate: 'abcdefgh\uD800',
  sql: "' OR 1=1 --",
  sqlStatement: "x'; DELETE FROM django_session; --",
  likePercent: '%'.repeat(32),
  likeUnderscore: '_'.repeat(32),
  regex: '.*.*.*.*.*.*',
  glob: '*'.repeat(32),
  unknownWellFormed: 'abcdefghijklmnopqrstuvwxyz012345',
  storedKeyUppercase: (stored: string): string => stored.toUpperCase(),
  storedKeyTrailingSpace: (stored: string): string => `${stored} `,
  storedKeyTrailingNul: (stored: string): string => `${stored}\u0000`,
  storedKeyOneCharChanged: (stored: string): string => stored.slice(0, -1) + (stored.endsWith('a') ? 'b' : 'a'),
  storedKeyCutShort: (stored: string): string => stored.slice(0, -4),
  storedKeyExtended: (stored: string): string => `${stored}x`,
} satisfies Record<string, string | ((stored: string) => string)>;

/** A hostile-key case, as `fails` names one: 'hostileKey:nul'. */
export type HostileKeyCase = `hostileKey:${keyof typeof HOSTILE_KEYS}`;
