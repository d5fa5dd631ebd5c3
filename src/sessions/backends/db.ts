import { IntegrityError } from '../../db/errors.js';
import { atomic, getAutocommit } from '../../db/transaction.js';
import { isStorableKey, SessionBase, type ClearExpiredOptions } from '../base.js';
import { CreateError, UpdateError } from '../errors.js';
import { Session } from '../models.js';
import type { SessionData } from '../session-data.js';
import { readLiveRow, updateRow, type SessionRow } from './session-table.js';

/**
 * Sessions in the `django_session` table of the default database (the sessions app's migration
 * makes it): SESSION_ENGINE 'db', Django's default. Rows are byte-compatible with Django's.
 */
export class DbSessionStore extends SessionBase {
  protected async loadData(): Promise<SessionData> {
    const row = await this.liveRow();
    if (row === undefined) {
      this.setSessionKey(null);
      return {};
    }
    return this.decode(row.sessionData);
  }

  /** The unexpired row of this session's key. */
  protected async liveRow(): Promise<SessionRow | undefined> {
    const key = this.sessionKey;
    // A key Canter or Django could not have made is not looked up (hostile cookies cost no query).
    if (key === null || !isStorableKey(key)) return undefined;
    return readLiveRow(key);
  }

  async exists(sessionKey: string): Promise<boolean> {
    return isStorableKey(sessionKey) && Session.objects.filter({ sessionKey }).exists();
  }

  async create(): Promise<void> {
    await this.claimNewKey();
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create();
    const sessionKey = await this.getOrCreateSessionKey();
    const sessionData = this.encode(this.dataObject(mustCreate));
    const expireDate = this.getExpiryDate();
    if (mustCreate) {
      const insert = (): Promise<void> => new Session({ sessionKey, sessionData, expireDate }).save({ forceInsert: true });
      try {
        // One statement commits on its own; inside a transaction a savepoint keeps a clash from spoiling it.
        await (getAutocommit() ? insert() : atomic(insert));
      } catch (error) {
        if (error instanceof IntegrityError) throw new CreateError('Session key taken.', { cause: error });
        throw error;
      }
      return;
    }
    if (!(await updateRow(sessionKey, sessionData, expireDate))) throw new UpdateError('The session was deleted before it could be saved.');
  }

  async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    if (!isStorableKey(sessionKey)) return;
    await Session.objects.filter({ sessionKey }).delete();
  }

  /** Deletes every row whose expire_date has passed, in batches (so a huge table shows progress). */
  static async clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    const { onProgress, batchSize = 1000 } = options;
    const now = new Date();
    const expired = Session.objects.filter({ expireDate__lt: now });
    const total = await expired.count();
    let done = 0;
    onProgress?.(0, total);
    while (done < total) {
      const keys = await expired.orderBy('expireDate').valuesList('sessionKey', { flat: true }).slice(0, batchSize);
      if (keys.length === 0) break;
      await Session.objects.filter({ sessionKey__in: keys }).delete();
      done += keys.length;
      onProgress?.(Math.min(done, total), total);
    }
    return done;
  }
}

export { DbSessionStore as SessionStore };
