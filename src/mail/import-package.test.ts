import { describe, expect, it } from 'vitest';
import { MailPackageMissing } from './errors.js';
import { importPackage } from './import-package.js';

describe('importPackage', () => {
  it('says which package to install when it is missing', async () => {
    const loading = importPackage('canter-test-no-such-package/lib/x', 'canter-test-no-such-package', 'The SMTP mail backend');
    await expect(loading).rejects.toThrow(MailPackageMissing);
    await expect(loading).rejects.toThrow('The SMTP mail backend needs the canter-test-no-such-package package: npm install canter-test-no-such-package');
  });

  it('loads an installed package', async () => {
    const mod = await importPackage<{ default: unknown }>('nodemailer/lib/smtp-connection', 'nodemailer', 'The SMTP mail backend');
    expect(typeof mod.default).toBe('function');
  });
});
