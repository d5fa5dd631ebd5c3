import { randomBytes } from 'node:crypto';
import { IntegrityError } from '../../db/errors.js';
import { atomic, getAutocommit } from '../../db/transaction.js';
import { Session } from '../models.js';
import { readLiveRow, updateRow } from './session-table.js';

/**
 * The database's record that a cached_db save reached the table but not the cache: one row of
 * django_session under a key no cookie can name (isStorableKey refuses the colons, so no session
 * is ever loaded from it, by Canter or by Django's 32-character keys). Its session_data is a
 * random token, replaced at each lost cache write; the epoch of the cache (cached-db-epoch.ts)
 * remembers the token it was opened with, and is replaced when the token has changed. It lives in
 * the session table itself so that it needs no migration and every process sharing the sessions
 * shares it, Django's included (Django's clearsessions keeps it: it expires in 9999).
 */
export const LOST_WRITE_KEY = 'canter:cached_db:lost_write';

const NEVER = new Date(Date.UTC(9999, 0, 1));

/** The current token ('' while no cache write was ever lost). */
export async function lostWriteToken(): Promise<string> {
  return (await readLiveRow(LOST_WRITE_KEY))?.sessionData ?? '';
}

/**
 * Records a lost cache write under a new token and returns it. Called after the session's own
 * row was written, before the request is answered.
 */
export async function recordLostWrite(): Promise<string> {
  const token = randomBytes(12).toString('base64url');
  if (await updateRow(LOST_WRITE_KEY, token, NEVER)) return token;
  const insert = (): Promise<void> => new Session({ sessionKey: LOST_WRITE_KEY, sessionData: token, expireDate: NEVER }).save({ forceInsert: true });
  try {
    // Inside a transaction a savepoint keeps a clash from spoiling it (as DbSessionStore.save does).
    await (getAutocommit() ? insert() : atomic(insert));
  } catch (error) {
    // Another process made the row first: write our token over theirs.
    if (!(error instanceof IntegrityError)) throw error;
    await updateRow(LOST_WRITE_KEY, token, NEVER);
  }
  return token;
}
