/**
 * Secrets written inside a value rather than under a secret name: the password of a URL
 * (`postgres://root:secret@db/app`, `redis://:secret@cache:6379`) and `name=value` pairs whose
 * name looks secret (`?api_key=…`, `sslpassword=…` in a connection string). The DEBUG pages show
 * DATABASES.default.URL, CACHES.default.LOCATION, a Referer or an error message quoting a
 * connection URL; each passes through here before it is printed.
 */

/** Names that look secret: Django's SafeExceptionReporterFilter list, AUTH included. */
export const HIDDEN_NAMES = /API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE/i;

/** What a hidden value is shown as. */
export const MASK = '********************';

// `scheme://` then a run that could hold userinfo, up to whitespace or a quote. A run may hold
// several URLs (`redis://:a@h1,redis://:b@h2`): it is cut before each `,scheme://`.
const URL_RUN = /[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'`<>]*/g;
const NEXT_URL = /(?=,[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/;
// `name=value` after a start, `?`, `&`, `;` or whitespace; the value runs to the next separator.
const NAME_VALUE = /(^|[?&;\s])([A-Za-z0-9_.-]+)=([^&;\s"'`#]*)/g;
// Cheap pre-checks: most values (numbers, paths, names) contain neither and skip the regexes.
const MAY_HOLD_URL = /:\/\//;
const MAY_HOLD_PAIR = /=/;

/**
 * `text` with URL passwords and secret-named `name=value` values replaced by MASK.
 *
 * @example maskSecretsInText('postgres://root:hunter2@db:5432/app') // 'postgres://root:********************@db:5432/app'
 */
export function maskSecretsInText(text: string): string {
  let out = text;
  if (MAY_HOLD_URL.test(out)) out = out.replace(URL_RUN, (run) => run.split(NEXT_URL).map(maskUrl).join(''));
  if (MAY_HOLD_PAIR.test(out)) {
    out = out.replace(NAME_VALUE, (all, lead: string, name: string, value: string) =>
      (value !== '' && value !== MASK && HIDDEN_NAMES.test(name) ? `${lead}${name}=${MASK}` : all));
  }
  return out;
}

/**
 * One URL (perhaps after a leading comma) with the password of its userinfo masked. The
 * userinfo ends at the last `@` (passwords are often written with a raw `@`, `/` or `,` in them,
 * which lenient parsers accept), unless what comes before it is plainly a host, a port and a
 * path. When in doubt this hides too much, never too little.
 */
function maskUrl(url: string): string {
  const start = url.indexOf('://') + 3;
  const rest = url.slice(start);
  const at = rest.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0 || colon === userinfo.length - 1) return url;
  // `host/path@x` or `host:8080/path?email=a@b`: the `@` is past the authority, there is no password.
  if (/[/?#]/.test(userinfo.slice(0, colon)) || /^\d+[/?#]/.test(userinfo.slice(colon + 1))) return url;
  return `${url.slice(0, start)}${userinfo.slice(0, colon + 1)}${MASK}${rest.slice(at)}`;
}
