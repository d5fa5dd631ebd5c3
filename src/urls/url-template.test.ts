import { describe, expect, it } from 'vitest';
import { renderTemplate, templatesOf } from './url-template.js';

/** Each template written out with {name} for its blanks, and its params. */
const forms = (source: string) =>
  templatesOf(source).map((t) => [renderTemplate(t, new Proxy({}, { get: (_, name) => `{${String(name)}}` })), t.params]);

describe('templatesOf(): reverse templates of a regex, by Django\'s normalize() rules', () => {
  it.each([
    ['^$', [['', []]]],
    ['^foo/([0-9]{1,2})/$', [['foo/{_0}/', ['_0']]]],
    ['^(?<year>[0-9]{4})/(?<slug>[^/]+)/$', [['{year}/{slug}/', ['year', 'slug']]]],
    ['^blog\\/(?<y>[0-9]+)\\/$', [['blog/{y}/', ['y']]]],
    ['^a(?:b(?<x>[0-9]+))?c$', [['ac', []], ['ab{x}c', ['x']]]],
    ['^(a)(?:-(b))?$', [['{_0}', ['_0']], ['{_0}-{_1}', ['_0', '_1']]]],
    ['^x+y*z?w{3}v{2,}$', [['xwwwvv', []]]],
    ['^[abc]\\d\\w\\s.$', [['a0x .', []]]],
    ['^(?<a>x)-\\k<a>$', [['{a}-{a}', ['a']]]],
    ['^caf\\u00e9\\/\\x41$', [['café/A', []]]],
    ['^stop$ignored', [['stop', []]]],
    ['^\\bword\\B$', [['word', []]]],
  ])('%s', (source, expected) => {
    expect(forms(source)).toEqual(expected);
  });

  it.each(['^(a|b)$'.replace('(a|b)', '(?:a|b)'), '^a|b$', '^(?=x)x$', '^(?!x)y$', '^(?<=a)b$', '^(a)\\1$', '^[^/]$', '^\\p{L}$', '^(unclosed'])(
    '%s cannot be reversed',
    (source) => {
      expect(templatesOf(source)).toEqual([]);
    },
  );

  it('alternation inside a capturing group is fine: the group is a blank', () => {
    expect(forms('^(?<kind>a|b)/$')).toEqual([['{kind}/', ['kind']]]);
  });

  it('caps the number of templates', () => {
    expect(templatesOf(`^${'(?:(x))?'.repeat(12)}$`)).toHaveLength(256);
  });
});
