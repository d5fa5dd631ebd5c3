import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { configureSettings, defineSettings, overrideSettings } from '../conf/settings/index.js';
import { BaseEmailBackend } from './backends/base.js';
import { ConsoleEmailBackend } from './backends/console.js';
import { DummyEmailBackend } from './backends/dummy.js';
import { FileEmailBackend } from './backends/file.js';
import { LocmemEmailBackend } from './backends/locmem.js';
import { SmtpEmailBackend } from './backends/smtp.js';
import { getConnection, resolveEmailBackend } from './connection.js';
import type { EmailMessage } from './message.js';

class Mine extends BaseEmailBackend {
  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    return [...messages].length;
  }
}

describe('EMAIL_BACKEND', () => {
  it('takes short names, Django paths and classes', () => {
    const cases: Array<[string | typeof Mine, unknown]> = [
      ['smtp', SmtpEmailBackend], ['console', ConsoleEmailBackend], ['file', FileEmailBackend], ['filebased', FileEmailBackend],
      ['locmem', LocmemEmailBackend], ['dummy', DummyEmailBackend],
      ['django.core.mail.backends.smtp.EmailBackend', SmtpEmailBackend], ['django.core.mail.backends.filebased.EmailBackend', FileEmailBackend],
      [Mine, Mine],
    ];
    for (const [spec, cls] of cases) expect(resolveEmailBackend(spec), String(spec)).toBe(cls);
  });

  it('refuses any other name when the settings are made, naming the setting and the choices', () => {
    for (const bad of ['smtpx', 'django.core.mail.backends.file.EmailBackend', 'myapp.mail.Backend', 'constructor', '__proto__']) {
      expect(() => defineSettings({ SECRET_KEY: 'k', EMAIL_BACKEND: bad })).toThrow(ImproperlyConfigured);
      expect(() => defineSettings({ SECRET_KEY: 'k', EMAIL_BACKEND: bad })).toThrow(/EMAIL_BACKEND is .*'smtp', 'console'/);
      expect(() => resolveEmailBackend(bad)).toThrow(ImproperlyConfigured);
    }
  });

  it('getConnection() makes a new backend from the setting in force each time, with the options given', () => {
    configureSettings(defineSettings({ SECRET_KEY: 'k', EMAIL_BACKEND: 'dummy' }));
    const a = getConnection();
    expect(a).toBeInstanceOf(DummyEmailBackend);
    expect(getConnection()).not.toBe(a);
    overrideSettings({ EMAIL_BACKEND: Mine }, () => {
      expect(getConnection(null, { failSilently: true })).toBeInstanceOf(Mine);
      expect(getConnection(null, { failSilently: true }).failSilently).toBe(true);
    });
    expect(getConnection('console', { stream: null })).toBeInstanceOf(ConsoleEmailBackend);
  });
});
