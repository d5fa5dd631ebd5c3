/**
 * Parsing a JSON request body. V8's JSON.parse is iterative and happily builds an array nested a
 * million levels deep; everything that later walks it recursively (JSON.stringify in a
 * JsonResponse, a template, structuredClone) then overflows the stack, and the client's body
 * becomes our 500. So nesting is bounded here, where the client's input first becomes a value.
 */
import { InvalidJsonBody, JsonTooDeep } from './errors.js';

/**
 * How deep request.json() lets a body nest. Far beyond any real payload (GitHub's and Stripe's
 * webhooks stay under 10), and far below the ~10,000 frames a recursive walk can use.
 */
export const MAX_JSON_DEPTH = 512;

const OPEN_BRACE = 0x7b; // {
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACE = 0x7d; // }
const CLOSE_BRACKET = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * The value of a JSON text, refusing invalid JSON and nesting deeper than `maxDepth` with a
 * BadRequest (400).
 *
 * @throws InvalidJsonBody for text that is not JSON; JsonTooDeep when arrays and objects nest
 *   deeper than `maxDepth`.
 * @example parseJsonBody('{"a": [1]}') // { a: [1] }
 */
export function parseJsonBody(text: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  // Nesting N deep takes N opening and N closing brackets, so a short text cannot be too deep:
  // the usual small body skips the scan entirely.
  if (text.length > 2 * maxDepth) checkDepth(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new InvalidJsonBody(`The request body is not valid JSON: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * One pass over the text counting open brackets outside strings. It does not validate: a text
 * it lets through still goes to JSON.parse, and brackets that do not balance only make the count
 * wrong for a text JSON.parse refuses anyway.
 */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        throw new JsonTooDeep(
          `The request body's JSON nests deeper than ${maxDepth} levels (at character ${i}). ` +
            'Send a flatter document.',
        );
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
}
