import { CacheValueError } from './errors.js';

/**
 * How cache values are stored: text every backend can hold. A safe integer is its bare decimal
 * digits, so that Redis INCRBY and memcached incr work on it on the server; a string is `s` and
 * the string; anything else is `j` and its JSON, or `t` and tagged JSON when a Date or a Buffer
 * is inside (they come back as a Date and a Buffer). Values are copied in and out, as Django's
 * pickling copies them: changing an object after set() does not change what get() returns.
 */
export type CacheValue =
  | string
  | number
  | boolean
  | null
  | Date
  | Buffer
  | readonly CacheValue[]
  | { readonly [key: string]: CacheValue | undefined };

const TAG = '\u0000';
const INTEGER = /^-?\d+$/;

/** The stored text of a value; throws CacheValueError for what cannot round-trip. */
export function encodeValue(value: unknown): string {
  if (typeof value === 'string') return 's' + value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  if (value === undefined) throw new CacheValueError('undefined cannot be cached; store null to cache "nothing".');
  // Most values are plain JSON: V8 stringifies those fastest without a replacer.
  if (isPlainJson(value, 0)) return 'j' + JSON.stringify(value);
  let tagged = false;
  let json: string | undefined;
  try {
    json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) {
        tagged = true;
        return { [TAG]: 'd', v: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
      }
      if (raw instanceof Uint8Array) {
        tagged = true;
        return { [TAG]: 'b', v: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
      }
      return checked(v, () => (tagged = true));
    });
  } catch (error) {
    if (error instanceof CacheValueError) throw error;
    throw new CacheValueError(`This value cannot be cached: ${(error as Error).message}`, { cause: error });
  }
  if (json === undefined) throw new CacheValueError(`A ${typeof value} cannot be cached; cache JSON values, Date or Buffer.`);
  return (tagged ? 't' : 'j') + json;
}

const MAX_PLAIN_DEPTH = 32;

/** True when JSON.stringify alone round-trips the value: no Date, bytes, tag key, toJSON or odd number. */
function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_PLAIN_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (key === TAG) return false;
        const item = (value as Record<string, unknown>)[key];
        if (item !== undefined && !isPlainJson(item, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function checked(v: unknown, markTagged: () => void): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) {
    throw new CacheValueError(`${v} cannot be cached: JSON has no ${v}.`);
  }
  if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol') {
    throw new CacheValueError(`A ${typeof v} cannot be cached; cache JSON values, Date or Buffer.`);
  }
  if (v instanceof Map || v instanceof Set) {
    throw new CacheValueError(`A ${v.constructor.name} cannot be cached; convert it to an array or object first.`);
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.hasOwn(v, TAG)) {
    // An object that happens to use the tag key is wrapped, so it cannot pass for a Date or Buffer.
    markTagged();
    const { [TAG]: own, ...rest } = v as Record<string, unknown>;
    // JSON.stringify does not pass a replacer's result back through it, so the wrapper stays as is.
    return { [TAG]: 'o', t: own, v: rest };
  }
  return v;
}

/** The value of stored text; throws CacheValueError when the text is not something encodeValue made. */
export function decodeValue(data: string): unknown {
  const kind = data.charCodeAt(0);
  if (kind === 115 /* s */) return data.slice(1);
  if (INTEGER.test(data)) return Number(data);
  try {
    if (kind === 106 /* j */) return JSON.parse(data.slice(1));
    if (kind === 116 /* t */) return JSON.parse(data.slice(1), revive);
  } catch (error) {
    throw new CacheValueError('A stored cache value is corrupt and cannot be read.', { cause: error });
  }
  throw new CacheValueError('A stored cache value is corrupt and cannot be read.');
}

function revive(_key: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, TAG)) return v;
  const { [TAG]: kind, v: inner } = v as Record<string, unknown>;
  // Bottom-up revival has already turned the inner values back; only this level remains.
  if (kind === 'd') return new Date(typeof inner === 'string' ? inner : NaN);
  if (kind === 'b' && typeof inner === 'string') return Buffer.from(inner, 'base64');
  if (kind === 'o' && typeof inner === 'object' && inner !== null) {
    return { ...(inner as object), [TAG]: (v as Record<string, unknown>).t };
  }
  return v;
}
