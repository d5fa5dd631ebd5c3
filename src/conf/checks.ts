/**
 * System checks: Django's check framework, small. Subsystems register a check; `canter check`
 * and `canter runserver` run them all at start-up, so a bad DATABASES or a broken app stops the
 * process with a message instead of failing on the first request.
 */
export type Check = () => void | Promise<void>;

const checks: Check[] = [];

/** Adds a check (once per function). */
export function registerCheck(check: Check): void {
  if (!checks.includes(check)) checks.push(check);
}

/** Runs every check; the first to throw stops the rest. */
export async function runChecks(): Promise<void> {
  for (const check of checks) await check();
}
