/**
 * The serializer signing.dumps() uses by default: JSON written byte for byte as Django's
 * JSONSerializer writes it (Python's json.dumps with separators=(',', ':') and ensure_ascii), so
 * that Canter and Django produce the same signed strings for the same data.
 */

/** Turns an object into bytes and back; dumps()/signObject() sign and base64 the bytes. */
export interface Serializer {
  dumps(value: unknown): Uint8Array;
  loads(data: Uint8Array): unknown;
}

/**
 * Django's JSONSerializer. Differences from JSON.stringify, all so the bytes match Python's:
 * every character outside printable ASCII is written as a lowercase `\uXXXX` escape; numbers
 * that are safe integers are written as Python ints, and all others as Python's float repr
 * (`1e-05`, `1e+16`, `9007199254740992.0`); NaN and ±Infinity, which are not JSON, throw a
 * TypeError; a bigint is written as an int. Reading decodes the bytes as Latin-1, as Django does.
 * One difference no serializer can remove: JS objects put integer-like keys ("1") first, so
 * such keys may come out in another order than Python's dict would keep.
 *
 * @example
 * Buffer.from(JSONSerializer.dumps({ a: 'é', b: [1, 0.5] })).toString(); // '{"a":"\\u00e9","b":[1,0.5]}'
 */
export const JSONSerializer: Serializer = Object.freeze({
  dumps(value: unknown): Uint8Array {
    const text = pythonJson(value, new Set());
    if (text === undefined) throw new TypeError(`Cannot serialize ${typeof value} as JSON`);
    return Buffer.from(text, 'latin1');
  },
  loads(data: Uint8Array): unknown {
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'));
  },
});

/** The JSON text Python's json.dumps(value, separators=(',', ':')) gives; undefined for a value JSON omits. */
function pythonJson(input: unknown, open: Set<object>): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return pythonNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (open.has(object)) throw new TypeError('Cannot serialize a circular structure as JSON');
  open.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item: unknown) => pythonJson(item, open) ?? 'null').join(',')}]`;
  } else {
    const members: string[] = [];
    for (const [key, item] of Object.entries(object)) {
      const json = pythonJson(item, open);
      if (json !== undefined) members.push(`${quote(key)}:${json}`);
    }
    text = `{${members.join(',')}}`;
  }
  open.delete(object);
  return text;
}

/** A JSON string literal with Python's ensure_ascii escaping: only ' '..'~' stay as they are. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]|[^ -~]/g, escapeChar)}"`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// The regex above works on UTF-16 code units, so a character beyond U+FFFF arrives as its two
// surrogates, each escaped separately: exactly Python's output.
function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A number as Python writes it. A JS number does not say whether it was meant as an int or a
 * float; safe integers are taken as ints (what a Python int of that value writes), everything
 * else as a float. Python's repr and JS's ToString choose the same shortest digits and differ
 * only in where they switch to exponent notation and how they write it.
 */
function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`Cannot serialize ${value} as JSON; it is not a JSON number`);
  if (Number.isSafeInteger(value)) return String(value);
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}
