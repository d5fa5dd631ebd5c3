import type { Parser, TagToken, Template, TopLevelToken } from 'liquidjs';
import { TemplateSyntaxError } from '../errors.js';

/** The templates up to `{% endNAME %}`, consumed from the token stream (for block tags). */
export function parseBlock(tagToken: TagToken, remainTokens: TopLevelToken[], parser: Parser, end: string): Template[] {
  const templates: Template[] = [];
  while (remainTokens.length > 0) {
    const token = remainTokens.shift()!;
    if (isTag(token) && token.name === end) return templates;
    templates.push(parser.parseToken(token, remainTokens));
  }
  throw new TemplateSyntaxError(`'${tagToken.name}' tag was not closed: add {% ${end} %}.`);
}

function isTag(token: TopLevelToken): token is TagToken {
  return typeof (token as Partial<TagToken>).name === 'string' && typeof (token as Partial<TagToken>).args === 'string';
}
