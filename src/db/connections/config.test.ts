import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { parseDatabases, parseDatabaseUrl, resolveDatabase } from './config.js';

describe('parseDatabaseUrl', () => {
  it('takes a PostgreSQL URL apart into Django keys', () => {
    expect(parseDatabaseUrl('postgres://user:p%40ss@db.example:5433/app')).toEqual({
      ENGINE: 'postgresql', NAME: 'app', HOST: 'db.example', USER: 'user', PASSWORD: 'p@ss', PORT: 5433,
    });
  });

  it('takes a MySQL URL apart, without password or port', () => {
    expect(parseDatabaseUrl('mysql://root@127.0.0.1/test')).toEqual({ ENGINE: 'mysql', NAME: 'test', HOST: '127.0.0.1', USER: 'root' });
  });

  it('reads mariadb:// as the mysql vendor and query parameters as OPTIONS', () => {
    expect(parseDatabaseUrl('mariadb://u@h:3306/d?connectTimeout=5')).toMatchObject({ ENGINE: 'mysql', OPTIONS: { connectTimeout: '5' } });
  });

  it('reads sqlite:/// as a relative path and sqlite://// as an absolute one', () => {
    expect(parseDatabaseUrl('sqlite:///db.sqlite3')).toEqual({ ENGINE: 'sqlite', NAME: 'db.sqlite3' });
    expect(parseDatabaseUrl('sqlite:////var/data/db.sqlite3')).toEqual({ ENGINE: 'sqlite', NAME: '/var/data/db.sqlite3' });
  });

  it('reads sqlite://:memory: as an in-memory database', () => {
    expect(parseDatabaseUrl('sqlite://:memory:')).toEqual({ ENGINE: 'sqlite', NAME: ':memory:' });
  });

  it('refuses an unknown scheme, listing the valid ones', () => {
    expect(() => parseDatabaseUrl('oracle://x/y')).toThrow(/scheme 'oracle'.*sqlite, postgres, postgresql, mysql, mariadb/);
  });

  it('refuses text that is no URL at all', () => {
    expect(() => parseDatabaseUrl('not a url')).toThrow(ImproperlyConfigured);
    expect(() => parseDatabaseUrl('sqlite:relative')).toThrow(/not a URL/);
  });

  it('never leaks a password into an error message', () => {
    try {
      parseDatabaseUrl('postgres://u:secret@[bad/x');
    } catch (error) {
      expect((error as Error).message).not.toContain('secret');
    }
  });

  it("keeps a database named '.' or '..' (the URL parser would resolve them away)", () => {
    expect(parseDatabaseUrl('postgres://u:p@h:5432/.').NAME).toBe('.');
    expect(parseDatabaseUrl('mysql://u@h/..?charset=utf8').NAME).toBe('..');
  });

  it('round-trips any user, password, host, port and name', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.domain(), fc.integer({ min: 1, max: 65535 }), word, (user, password, host, port, name) => {
        const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(name)}`;
        const parsed = parseDatabaseUrl(url);
        expect(parsed).toMatchObject({ USER: user, PASSWORD: password, NAME: name });
        expect(parsed.HOST?.toLowerCase()).toBe(host.toLowerCase());
      }),
    );
  });
});

describe('resolveDatabase', () => {
  it('accepts short engine names and Django dotted ones', () => {
    expect(resolveDatabase('default', { ENGINE: 'postgres', NAME: 'x' }).vendor).toBe('postgresql');
    expect(resolveDatabase('default', { ENGINE: 'mariadb', NAME: 'x' }).vendor).toBe('mysql');
    expect(resolveDatabase('default', { ENGINE: 'django.db.backends.sqlite3', NAME: 'db.sqlite3' }).vendor).toBe('sqlite');
  });

  it('names the alias, the bad engine and the valid engines', () => {
    expect(() => resolveDatabase('other', { ENGINE: 'oracle', NAME: 'x' })).toThrow(
      "DATABASES['other'].ENGINE is 'oracle'; valid engines are 'sqlite', 'postgresql' (or 'postgres'), 'mysql' (or 'mariadb').",
    );
  });

  it('names an unknown key and lists the valid ones', () => {
    expect(() => resolveDatabase('default', { ENGINE: 'sqlite', NAME: 'x', HOSTNAME: 'h' })).toThrow(/DATABASES\['default'\] has an unknown key 'HOSTNAME'; valid keys are ENGINE, NAME/);
  });

  it('asks for ENGINE or URL when neither is given', () => {
    expect(() => resolveDatabase('default', { NAME: 'x' })).toThrow(/has no ENGINE; set ENGINE to one of/);
  });

  it('refuses a port out of range and a non-string NAME', () => {
    expect(() => resolveDatabase('default', { ENGINE: 'mysql', NAME: 'x', PORT: 70000 })).toThrow(/PORT is number 70000; it must be a port number/);
    expect(() => resolveDatabase('default', { ENGINE: 'mysql', NAME: 42 })).toThrow("DATABASES['default'].NAME must be a string, not number 42.");
  });

  it('needs NAME for SQLite and for servers', () => {
    expect(() => resolveDatabase('default', { ENGINE: 'sqlite' })).toThrow(/NAME is empty; set NAME to a file path or ':memory:'/);
    expect(() => resolveDatabase('default', { URL: 'postgres://h/' })).toThrow(/NAME \(the database name\) is empty/);
  });

  it('refuses an entry that is not an object', () => {
    expect(() => resolveDatabase('default', 'sqlite:///x')).toThrow(/DATABASES\['default'\] must be an object/);
    expect(() => resolveDatabase('default', null)).toThrow(ImproperlyConfigured);
  });

  it('fills the connection keys from URL and keeps the rest', () => {
    const resolved = resolveDatabase('default', { URL: 'mysql://root@127.0.0.1:3306/test', ATOMIC_REQUESTS: true });
    expect(resolved.settings).toMatchObject({ ENGINE: 'mysql', NAME: 'test', PORT: 3306, ATOMIC_REQUESTS: true });
    expect(Object.isFrozen(resolved.settings)).toBe(true);
  });
});

describe('parseDatabases', () => {
  it('resolves every alias, and an empty DATABASES means no database', () => {
    expect(parseDatabases({})).toEqual({});
    const all = parseDatabases({ default: { URL: 'sqlite://:memory:' }, replica: { URL: 'postgres://u@h/d' } });
    expect(Object.keys(all)).toEqual(['default', 'replica']);
    expect(all.replica?.vendor).toBe('postgresql');
  });

  it('refuses a DATABASES that is not an object', () => {
    expect(() => parseDatabases([] as never)).toThrow(/DATABASES must be an object/);
  });
});
