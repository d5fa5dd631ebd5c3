/** EMAIL_HOST_PASSWORD is a secret: the DEBUG error pages must not show it. */
import { describe, expect, it } from 'vitest';
import { configureLogging } from '../../src/conf/log.js';
import { configureSettings, defineSettings } from '../../src/conf/settings/index.js';
import { HttpRequest } from '../../src/http/request.js';
import { technical500Response } from '../../src/views/debug.js';

const PASSWORD = 'smtp-pw-5e7b1c';

describe('the DEBUG 500 page and the mail settings', () => {
  it('masks EMAIL_HOST_PASSWORD and keeps the other EMAIL_* settings readable', () => {
    configureLogging({ level: 'silent' });
    configureSettings(defineSettings({
      DEBUG: true, SECRET_KEY: 'k', ALLOWED_HOSTS: ['testserver'],
      EMAIL_HOST: 'smtp.example.com', EMAIL_HOST_USER: 'mailer', EMAIL_HOST_PASSWORD: PASSWORD,
    }));
    for (const accept of ['text/html', 'application/json']) {
      const request = new HttpRequest({ method: 'GET', url: '/x/', headers: { host: 'testserver', accept } });
      const page = technical500Response(request, new Error('boom'), 500).content.toString();
      expect(page).toContain('EMAIL_HOST_PASSWORD');
      expect(page).not.toContain(PASSWORD);
      expect(page).toContain('smtp.example.com');
    }
  });
});
