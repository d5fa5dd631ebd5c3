import type { Context, Liquid } from 'liquidjs';
import { toValue, Value } from 'liquidjs';
import { TemplateSyntaxError } from '../errors.js';

/**
 * Django-style tag arguments: words split on spaces with quoted strings kept whole
 * (Django's smart_split), `key=value` pairs, and a trailing `as name`. Each value is a Liquid
 * expression, filters allowed: `{% url 'book' book.id|plus:1 as link %}`.
 */

const BIT = /(?:[^\s'"]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+|\S+/g;
const KWARG = /^(\w+)=(.+)$/s;
const NAME = /^[A-Za-z_][\w-]*$/;

/** The words of a tag's arguments, quoted strings kept whole. */
export function splitArguments(text: string): string[] {
  return text.match(BIT) ?? [];
}

export interface TagArguments {
  readonly positional: readonly Value[];
  readonly named: ReadonlyArray<readonly [string, Value]>;
  /** The variable of a trailing `as name`. */
  readonly asVar: string | undefined;
}

/** Compiles the words of a tag's arguments; `tag` names the tag in error messages. */
export function parseArguments(bits: readonly string[], liquid: Liquid, tag: string, options: { allowAs?: boolean } = {}): TagArguments {
  let words = bits;
  let asVar: string | undefined;
  if (options.allowAs === true && words.length >= 2 && words[words.length - 2] === 'as') {
    asVar = words[words.length - 1]!;
    if (!NAME.test(asVar)) throw new TemplateSyntaxError(`'${tag}' tag: '${asVar}' after 'as' is not a variable name.`);
    words = words.slice(0, -2);
  }
  const positional: Value[] = [];
  const named: Array<readonly [string, Value]> = [];
  for (const word of words) {
    const kwarg = KWARG.exec(word);
    if (kwarg !== null && !/^["']/.test(word)) named.push([kwarg[1]!, compile(kwarg[2]!, liquid, tag)]);
    else if (named.length > 0) throw new TemplateSyntaxError(`'${tag}' tag: the positional argument ${word} comes after a key=value argument.`);
    else positional.push(compile(word, liquid, tag));
  }
  return { positional, named, asVar };
}

/** One expression, compiled once at parse time. */
export function compile(expression: string, liquid: Liquid, tag: string): Value {
  try {
    return new Value(expression, liquid);
  } catch (error) {
    throw new TemplateSyntaxError(`'${tag}' tag: ${JSON.stringify(expression)} is not a valid expression (${(error as Error).message}).`, {}, { cause: error });
  }
}

/** The value of an expression in this context, a SafeString or other Drop unwrapped to its value. */
export function* evaluate(value: Value, ctx: Context): Generator<unknown, unknown, unknown> {
  return toValue(yield value.value(ctx, false));
}
