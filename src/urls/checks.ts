/**
 * Django's URL system checks (urls.W001–W003, 2_0.W001): mistakes that still work but probably
 * do not do what was meant. The resolver reports them once, at start-up, as Node warnings.
 */
import { getSettings, settingsConfigured } from '../conf/settings/index.js';
import type { UrlEntry } from './path.js';
import { UrlPattern } from './path.js';
import { RoutePattern } from './route-pattern.js';

/** What is doubtful about one urlpatterns entry, as `[code, message]` pairs. */
export function checkEntry(entry: UrlEntry): Array<[string, string]> {
  const warnings: Array<[string, string]> = [];
  const route = entry.pattern.route;
  const name = entry instanceof UrlPattern ? entry.name : null;
  const described = `'${route}'${name ? ` [name='${name}']` : ''}`;
  const appendSlash = settingsConfigured() ? getSettings().APPEND_SLASH : true;
  // An include prefix ending in '/' may start with one: the patterns under it then do not.
  const slashFirst = /^(\^?\/|\^\\\/)/.test(route) && (entry.pattern.isEndpoint || !route.endsWith('/'));
  if (appendSlash && slashFirst) {
    warnings.push([
      'urls.W002',
      `Your URL pattern ${described} has a route beginning with a '/'. Remove this slash as it is unnecessary. ` +
        `If this pattern is targeted in an include(), ensure the include() pattern has a trailing '/'.`,
    ]);
  }
  if (entry.pattern instanceof RoutePattern) {
    if (route.includes('(?P<') || route.startsWith('^') || route.endsWith('$')) {
      warnings.push([
        '2_0.W001',
        `Your URL pattern ${described} has a route that contains '(?P<', begins with a '^', or ends with a '$'. ` +
          `This was likely an oversight when migrating to path(); use rePath() for a regex.`,
      ]);
    }
  } else if (!entry.pattern.isEndpoint && route.endsWith('$') && !route.endsWith('\\$')) {
    warnings.push([
      'urls.W001',
      `Your URL pattern ${described} uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.`,
    ]);
  }
  if (name?.includes(':')) {
    warnings.push(['urls.W003', `Your URL pattern ${described} has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`]);
  }
  return warnings;
}

const reported = new WeakSet<UrlEntry>();

/** Emits the entry's warnings, once per entry however many resolvers compile it. */
export function reportEntry(entry: UrlEntry): void {
  if (reported.has(entry)) return;
  reported.add(entry);
  for (const [code, message] of checkEntry(entry)) process.emitWarning(message, { type: 'CanterWarning', code });
}
