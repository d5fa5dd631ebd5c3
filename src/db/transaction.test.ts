import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, expect, it } from 'vitest';
import { describeDatabases } from '../testing/databases.js';
import { IntegrityError, TransactionManagementError } from './errors.js';
import { atomic, getAutocommit, getRollback, onCommit, setRollback } from './transaction.js';

await describeDatabases('atomic', ({ connection }) => {
  const names = async (): Promise<string[]> =>
    (await connection().execute('SELECT name FROM tx_item ORDER BY name')).rows.map((r) => String(r.name));
  const add = (name: string) => connection().execute('INSERT INTO tx_item (name) VALUES (?)', [name]);

  beforeEach(async () => {
    await connection().execute('DROP TABLE IF EXISTS tx_item');
    await connection().execute('CREATE TABLE tx_item (name varchar(20) PRIMARY KEY)');
  });

  it('commits the work of a block that resolves, and returns its value', async () => {
    const value = await atomic(async () => {
      await add('a');
      return 42;
    });
    expect(value).toBe(42);
    expect(await names()).toEqual(['a']);
  });

  it('rolls back everything when the block throws, and re-throws', async () => {
    const error = new Error('boom');
    await expect(atomic(async () => {
      await add('a');
      throw error;
    })).rejects.toBe(error);
    expect(await names()).toEqual([]);
  });

  it('rolls a failed nested block back to its savepoint and keeps the outer work', async () => {
    await atomic(async () => {
      await add('outer');
      await atomic(async () => {
        await add('inner');
        throw new Error('inner fails');
      }).catch(() => undefined);
      await add('after');
    });
    expect(await names()).toEqual(['after', 'outer']);
  });

  it('keeps the transaction usable after an IntegrityError caught in a nested block', async () => {
    await atomic(async () => {
      await add('x');
      await expect(atomic(() => add('x'))).rejects.toBeInstanceOf(IntegrityError);
      await add('y');
    });
    expect(await names()).toEqual(['x', 'y']);
  });

  it('commits nested blocks only with the outermost one', async () => {
    await expect(atomic(async () => {
      await atomic(() => add('inner'));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect(await names()).toEqual([]);
  });

  it('keeps concurrent contexts in their own transactions', async () => {
    let autocommitOutside: boolean | undefined;
    const first = atomic(async () => {
      await add('first');
      await sleep(20);
      expect(connection().inAtomicBlock).toBe(true);
    });
    const second = atomic(async () => {
      await add('second');
      throw new Error('second fails');
    }).catch(() => undefined);
    const outside = (async () => {
      await sleep(5);
      autocommitOutside = getAutocommit();
    })();
    await Promise.all([first, second, outside]);
    expect(autocommitOutside).toBe(true);
    expect(await names()).toEqual(['first']);
  });

  it('runs onCommit callbacks after the outermost commit, in order', async () => {
    const log: string[] = [];
    await atomic(async () => {
      await onCommit(() => void log.push('one'));
      await atomic(() => onCommit(async () => void log.push('two')));
      log.push('body done');
    });
    expect(log).toEqual(['body done', 'one', 'two']);
  });

  it('drops onCommit callbacks on rollback, including those of a rolled-back savepoint', async () => {
    const log: string[] = [];
    await atomic(async () => {
      await onCommit(() => void log.push('kept'));
      await atomic(async () => {
        await onCommit(() => void log.push('dropped with savepoint'));
        throw new Error('x');
      }).catch(() => undefined);
    });
    await atomic(async () => {
      await onCommit(() => void log.push('dropped with transaction'));
      throw new Error('y');
    }).catch(() => undefined);
    expect(log).toEqual(['kept']);
  });

  it('runs onCommit at once outside atomic', async () => {
    const log: string[] = [];
    await onCommit(() => void log.push('now'));
    expect(log).toEqual(['now']);
  });

  it('rolls back a block marked with setRollback(true) without an error', async () => {
    await atomic(async () => {
      await add('kept');
      await atomic(async () => {
        await add('undone');
        setRollback(true);
        expect(getRollback()).toBe(true);
      });
      expect(getRollback()).toBe(false);
    });
    expect(await names()).toEqual(['kept']);
    await atomic(async () => {
      await add('all undone');
      setRollback(true);
    });
    expect(await names()).toEqual(['kept']);
  });

  it('makes the enclosing block roll back when a savepoint-less block fails', async () => {
    await atomic(async () => {
      await add('a');
      await atomic(async () => {
        throw new Error('no savepoint');
      }, { savepoint: false }).catch(() => undefined);
      expect(getRollback()).toBe(true);
      await expect(add('refused')).rejects.toThrow(TransactionManagementError);
    });
    expect(await names()).toEqual([]);
  });

  it('refuses a durable block nested in another', async () => {
    await expect(atomic(() => atomic(() => undefined, { durable: true }))).rejects.toBeInstanceOf(TransactionManagementError);
  });

  it('refuses setRollback outside atomic, naming the database', () => {
    expect(() => setRollback(true)).toThrow("setRollback() only works inside an atomic() block (database 'default').");
    expect(getAutocommit()).toBe(true);
  });

  it('works in the decorator form with an explicit alias', async () => {
    const transfer = atomic({ using: 'default' });
    await transfer(() => add('decorated'));
    expect(await names()).toEqual(['decorated']);
  });
});
