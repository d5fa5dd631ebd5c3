import { installedApps } from '../../conf/apps.js';

/**
 * An installed app's verbose name, as Django's AppConfig.verbose_name: the one it declares, else
 * its label title-cased (`auth_tests` → `Auth_Tests`). A label not installed is title-cased too.
 */
export function appVerboseName(label: string): string {
  let declared: string | undefined;
  try {
    declared = installedApps().find((app) => app.label === label)?.verboseName;
  } catch {
    declared = undefined; // settings not configured: fall back to the label, as for an app not installed
  }
  return declared ?? titleCase(label);
}

/** Python's str.title(): each run of letters starts upper-case and goes on lower-case. */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[^\p{L}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}
