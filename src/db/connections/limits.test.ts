import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { resolveDatabase } from './config.js';
import { connectionLimits, driverOptions } from './limits.js';

describe('CONNECT_TIMEOUT and QUERY_TIMEOUT', () => {
  it('default to 5 s to get a connection and 30 s per statement', () => {
    expect(connectionLimits({ ENGINE: 'postgresql', NAME: 'app' })).toEqual({ connectMs: 5000, queryMs: 30000 });
  });

  it('take seconds as numbers or as the text of a URL query string', () => {
    expect(connectionLimits({ OPTIONS: { CONNECT_TIMEOUT: 0.25, QUERY_TIMEOUT: '2' } })).toEqual({ connectMs: 250, queryMs: 2000 });
    expect(resolveDatabase('default', { URL: 'postgres://u@h:5432/app?CONNECT_TIMEOUT=1.5' }).settings.OPTIONS).toEqual({ CONNECT_TIMEOUT: '1.5' });
  });

  it('are turned off by null or 0', () => {
    expect(connectionLimits({ OPTIONS: { CONNECT_TIMEOUT: null, QUERY_TIMEOUT: 0 } })).toEqual({ connectMs: undefined, queryMs: undefined });
  });

  it('stop start-up with the setting named when they are not a number of seconds', () => {
    for (const bad of [-1, 'soon', '', true, Number.NaN, {}]) {
      expect(() => resolveDatabase('default', { ENGINE: 'mysql', NAME: 'app', OPTIONS: { QUERY_TIMEOUT: bad } })).toThrow(ImproperlyConfigured);
    }
    expect(() => resolveDatabase('replica', { URL: 'mysql://root@h/app?CONNECT_TIMEOUT=soon' })).toThrow(
      "DATABASES['replica'].OPTIONS.CONNECT_TIMEOUT is 'soon'; it must be a number of seconds ≥ 0 (0 or null for no limit).",
    );
  });

  it('are not given to the driver, which gets every other option', () => {
    expect(driverOptions({ OPTIONS: { CONNECT_TIMEOUT: 1, QUERY_TIMEOUT: 2, max: 20, ssl: true } })).toEqual({ max: 20, ssl: true });
  });
});
