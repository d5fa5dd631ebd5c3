/*
 * Decimal numbers as strings, without ever passing through a float: parsing (with exponents),
 * canonical formatting with a fixed number of places, and Django's half-even rounding.
 */

/** A decimal split into its parts: `-12.5` is { negative: true, whole: '12', fraction: '5' }. */
export interface DecimalParts {
  readonly negative: boolean;
  readonly whole: string;
  readonly fraction: string;
}

const SHAPE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

/** Splits decimal text (`1.5`, `-0.25`, `1e3`, `.5`); undefined when it is not a finite decimal. */
export function parseDecimal(text: string): DecimalParts | undefined {
  const match = text.length <= 1000 ? SHAPE.exec(text.trim()) : null;
  if (match === null) return undefined;
  let whole = match[2] ?? '';
  let fraction = match[3] ?? '';
  if (whole === '' && fraction === '') return undefined;
  const exponent = Number(match[4] ?? '0');
  if (exponent > 0) {
    fraction = fraction.padEnd(exponent, '0');
    whole += fraction.slice(0, exponent);
    fraction = fraction.slice(exponent);
  } else if (exponent < 0) {
    whole = whole.padStart(-exponent, '0');
    fraction = whole.slice(whole.length + exponent) + fraction;
    whole = whole.slice(0, whole.length + exponent);
  }
  return { negative: match[1] === '-', whole: whole.replace(/^0+/, ''), fraction };
}

/**
 * The canonical text: no leading zeros, exactly `places` fractional digits when `places` is given
 * (trailing zeros added or dropped; other excess digits are kept unless `round`, so validation
 * can report them), no sign on zero.
 */
export function formatDecimal(parts: DecimalParts, places: number | undefined, round = false): string {
  let { whole, fraction } = parts;
  if (places !== undefined) {
    if (fraction.length > places) {
      const trimmed = fraction.replace(/0+$/, '');
      fraction = trimmed.length > places ? trimmed : trimmed.padEnd(places, '0');
      if (round && fraction.length > places) [whole, fraction] = roundHalfEven(whole, fraction, places);
    } else fraction = fraction.padEnd(places, '0');
  }
  const zero = !/[1-9]/.test(whole + fraction);
  const text = (whole === '' ? '0' : whole) + (fraction === '' ? '' : `.${fraction}`);
  return parts.negative && !zero ? `-${text}` : text;
}

function roundHalfEven(whole: string, fraction: string, places: number): [string, string] {
  const kept = whole + fraction.slice(0, places);
  const first = fraction.charAt(places);
  const rest = fraction.slice(places + 1);
  const last = Number(kept.charAt(kept.length - 1) || '0');
  const up = first > '5' || (first === '5' && (/[1-9]/.test(rest) || last % 2 === 1));
  let digits = up ? (BigInt(kept === '' ? '0' : kept) + 1n).toString() : kept;
  digits = digits.padStart(places + 1, '0');
  const cut = digits.length - places;
  return [digits.slice(0, cut).replace(/^0+/, ''), digits.slice(cut)];
}
