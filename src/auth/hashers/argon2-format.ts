/** Argon2's PHC string, `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`, read and written as argon2-cffi does. */
import { MalformedPasswordHash } from './errors.js';

/** The three Argon2 varieties, by the number the npm `argon2` package gives each. */
export const VARIETIES: Readonly<Record<string, 0 | 1 | 2>> = { argon2d: 0, argon2i: 1, argon2id: 2 };

/** Everything a PHC string holds. */
export interface Argon2Parameters {
  readonly variety: string;
  /** 19 (0x13) for current hashes; 16 (0x10) for the old ones that carry no `v=`. */
  readonly version: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
  /** The salt and hash fields as written (unpadded base64). */
  readonly saltText: string;
  readonly hashText: string;
}

const B64 = /^[A-Za-z0-9+/]+$/;
const U32 = 2 ** 32 - 1;

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

function base64Field(text: string | undefined, field: string, min: number): Buffer {
  const bytes = text !== undefined && B64.test(text) && text.length % 4 !== 1 ? Buffer.from(text, 'base64') : undefined;
  // Re-encoding must give the text back: no stray bits in the last character.
  if (bytes === undefined || unpadded(bytes) !== text || bytes.length < min) {
    throw new MalformedPasswordHash(`The ${field} of an argon2 password hash must be unpadded base64 of at least ${min} bytes.`);
  }
  return bytes;
}

function parameters(text: string | undefined): { m: number; t: number; p: number } {
  const found = new Map<string, number>();
  for (const pair of (text ?? '').split(',')) {
    const match = /^([mtp])=([1-9][0-9]{0,9})$/.exec(pair);
    if (match === null || found.has(match[1]!)) break;
    found.set(match[1]!, Number(match[2]));
  }
  const m = found.get('m');
  const t = found.get('t');
  const p = found.get('p');
  if (found.size !== 3 || m === undefined || t === undefined || p === undefined || m > U32 || t > U32 || p > 0xffffff || m < 8 * p) {
    throw new MalformedPasswordHash('The parameters of an argon2 password hash must be m=<memory KiB ≥ 8·p>,t=<passes>,p=<lanes>.');
  }
  return { m, t, p };
}

/**
 * Reads a PHC string (without Django's `argon2` prefix).
 * @throws MalformedPasswordHash naming the field at fault.
 */
export function parsePhc(phc: string): Argon2Parameters {
  const fields = phc.split('$');
  const [empty, variety = '', ...rest] = fields;
  if (empty !== '' || !Object.hasOwn(VARIETIES, variety)) {
    throw new MalformedPasswordHash("An argon2 password hash must be 'argon2$' and a PHC string of variety argon2d, argon2i or argon2id.");
  }
  let version = 0x10;
  if (rest[0]?.startsWith('v=')) {
    const v = rest.shift()!;
    if (v !== 'v=19' && v !== 'v=16') throw new MalformedPasswordHash('The version of an argon2 password hash must be v=19 or v=16.');
    version = Number(v.slice(2));
  }
  if (rest.length !== 3) throw new MalformedPasswordHash('An argon2 password hash must have parameters, a salt and a hash after its variety.');
  const { m, t, p } = parameters(rest[0]);
  return {
    variety,
    version,
    memoryCost: m,
    timeCost: t,
    parallelism: p,
    salt: base64Field(rest[1], 'salt', 8),
    hash: base64Field(rest[2], 'hash', 4),
    saltText: rest[1]!,
    hashText: rest[2]!,
  };
}

/** The PHC string argon2-cffi writes: `$<variety>$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>`, unpadded base64. */
export function formatPhc(variety: string, version: number, m: number, t: number, p: number, salt: Buffer, hash: Buffer): string {
  return `$${variety}$v=${version}$m=${m},t=${t},p=${p}$${unpadded(salt)}$${unpadded(hash)}`;
}
