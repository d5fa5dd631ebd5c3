/** getConnection(): a mail backend from EMAIL_BACKEND or the one named. */
import { ImproperlyConfigured } from '../conf/errors.js';
import { getSettings } from '../conf/settings/index.js';
import type { BaseEmailBackend, EmailBackendClass, EmailBackendOptions } from './backends/base.js';
import { ConsoleEmailBackend } from './backends/console.js';
import { DummyEmailBackend } from './backends/dummy.js';
import { FileEmailBackend } from './backends/file.js';
import { LocmemEmailBackend } from './backends/locmem.js';
import { SmtpEmailBackend } from './backends/smtp.js';

/** A backend as EMAIL_BACKEND names it: a short name, Django's module path, or a class. */
export type EmailBackendSpec = string | EmailBackendClass;

const BY_NAME: Readonly<Record<string, EmailBackendClass>> = {
  smtp: SmtpEmailBackend,
  console: ConsoleEmailBackend,
  file: FileEmailBackend,
  filebased: FileEmailBackend,
  locmem: LocmemEmailBackend,
  dummy: DummyEmailBackend,
};

/** The backend class a spec names; ImproperlyConfigured for a name that is none of them. */
export function resolveEmailBackend(spec: EmailBackendSpec): EmailBackendClass {
  if (typeof spec === 'function') return spec;
  const django = /^django\.core\.mail\.backends\.(smtp|console|filebased|locmem|dummy)\.EmailBackend$/.exec(spec);
  const name = django?.[1] ?? spec;
  const found = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (found === undefined) {
    throw new ImproperlyConfigured(
      `EMAIL_BACKEND ${JSON.stringify(spec)} is not a mail backend; use 'smtp', 'console', 'file', 'locmem' or 'dummy', ` +
        "Django's path ('django.core.mail.backends.smtp.EmailBackend'), or a BaseEmailBackend subclass.",
    );
  }
  return found;
}

/**
 * A new connection to the mail backend named (EMAIL_BACKEND when left out), made with
 * `options`; each backend takes the options it knows (host, port, stream, filePath…).
 *
 * @example
 * const connection = getConnection('console', { stream: process.stderr });
 * await sendMail('Subject', 'Body', null, ['to@example.com'], { connection });
 */
export function getConnection(backend?: EmailBackendSpec | null, options: EmailBackendOptions = {}): BaseEmailBackend {
  const Backend = resolveEmailBackend(backend ?? (getSettings().EMAIL_BACKEND as EmailBackendSpec));
  return new Backend(options);
}
