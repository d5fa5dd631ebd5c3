import { beforeAll, describe, expect, it } from 'vitest';
import { configureSettings, defineSettings } from '../conf/settings/index.js';
import { HttpResponse } from '../http/index.js';
import { NoReverseMatch, path } from '../urls/index.js';
import { redirect, resolveUrl } from './redirect.js';

beforeAll(() => {
  configureSettings(defineSettings({
    SECRET_KEY: 'k',
    ROOT_URLCONF: { urlpatterns: [path('books/<int:id>/', () => new HttpResponse(), { name: 'book' }), path('home/', () => new HttpResponse(), { name: 'home' })] },
  }));
});

describe('redirect()', () => {
  it('reverses a pattern name with arguments', () => {
    const response = redirect('book', { kwargs: { id: 3 } });
    expect(response.statusCode).toBe(302);
    expect(response.headers.get('Location')).toBe('/books/3/');
  });

  it('permanent gives 301', () => {
    expect(redirect('home', { permanent: true }).statusCode).toBe(301);
  });

  it('passes URLs and relative paths through', () => {
    expect(redirect('/elsewhere/').url).toBe('/elsewhere/');
    expect(redirect('https://example.com/x').url).toBe('https://example.com/x');
    expect(resolveUrl('../up/')).toBe('../up/');
  });

  it('uses getAbsoluteUrl()', () => {
    expect(redirect({ getAbsoluteUrl: () => '/obj/1/' }).url).toBe('/obj/1/');
  });

  it('a bare name that is no pattern is NoReverseMatch, not a redirect to nowhere', () => {
    expect(() => redirect('no-such-name')).toThrow(NoReverseMatch);
  });
});
