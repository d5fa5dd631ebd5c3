import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { configureSettings, getSettings, overrideSettings, settingsConfigured } from '../../conf/settings/index.js';
import { connections } from './registry.js';

describe('connections', () => {
  let restore: () => void;
  beforeAll(() => {
    if (!settingsConfigured()) configureSettings({ DEBUG: true, SECRET_KEY: 'registry-test' });
    restore = overrideSettings({ DATABASES: { default: { URL: 'sqlite://:memory:' }, other: { ENGINE: 'sqlite', NAME: ':memory:' } } });
  });
  afterAll(async () => {
    await connections.closeAll();
    restore();
  });

  it('makes each alias once and hands back the same wrapper', () => {
    const first = connections.get();
    expect(connections.get('default')).toBe(first);
    expect(connections.all().map((c) => c.alias)).toEqual(['default', 'other']);
    expect(connections.has('other')).toBe(true);
  });

  it('names the configured aliases when asked for an unknown one', () => {
    expect(() => connections.get('replica')).toThrow("The database alias 'replica' is not in DATABASES; configured aliases: default, other.");
  });

  it('says clearly that there is no database when DATABASES is empty', () => {
    overrideSettings({ DATABASES: {} }, () => {
      expect(() => connections.get()).toThrow(ImproperlyConfigured);
      expect(() => connections.get()).toThrow(/DATABASES is empty, so there is no database for 'default'/);
    });
  });

  it('rebuilds a connection when DATABASES changes, and closes the old one', async () => {
    const before = connections.get();
    await before.execute('CREATE TABLE kept (x integer)');
    await overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }, async () => {
      const during = connections.get();
      expect(during).not.toBe(before);
      await expect(during.execute('SELECT * FROM kept')).rejects.toThrow(/no such table/);
    });
    expect(before.closed).toBe(true);
    expect(connections.get()).not.toBe(before);
  });

  it('refuses a bad entry with the alias and the key at fault', () => {
    overrideSettings({ DATABASES: { default: { ENGINE: 'oracle', NAME: 'x' } } }, () => {
      expect(() => connections.get()).toThrow(/DATABASES\['default'\]\.ENGINE is 'oracle'/);
    });
  });

  it('reopens after closeAll', async () => {
    const before = connections.get();
    await connections.closeAll();
    expect(before.closed).toBe(true);
    const { rows } = await connections.get().execute('SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
    expect(getSettings().DATABASES.default).toBeDefined();
  });
});
