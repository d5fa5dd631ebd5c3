import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import { SessionBase, type ClearExpiredOptions } from '../base.js';
import { CreateError, InvalidSessionKey, UpdateError } from '../errors.js';
import type { SessionData } from '../session-data.js';

const VALID_KEY = /^[a-z0-9]+$/;
const checkedPaths = new Set<string>();

/** SESSION_FILE_PATH (the OS temp directory when null), checked once to be a directory. */
function storagePath(filePath: string | null): string {
  const path = filePath ?? tmpdir();
  if (!checkedPaths.has(path)) {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // reported below
    }
    if (!isDirectory) {
      throw new ImproperlyConfigured(
        `The session storage path ${JSON.stringify(path)} doesn't exist. Set SESSION_FILE_PATH to an existing ` +
          'directory in which Canter can store session data.',
      );
    }
    checkedPaths.add(path);
  }
  return path;
}

/** An error from the file system (it has an errno), as opposed to one of Canter's. */
function isOsError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number';
}

/**
 * Sessions as files, one per session, named SESSION_COOKIE_NAME + key in SESSION_FILE_PATH:
 * SESSION_ENGINE 'file'. Writes go to a temporary file renamed over the old one, so a reader
 * never sees half a session; a key with any character but a–z and 0–9 is refused, so no name
 * can leave the directory. One machine only (several processes on it may share the directory).
 */
export class FileSessionStore extends SessionBase {
  /** The file of this session (or of sessionKey); InvalidSessionKey for a key that is not a–z0–9. */
  protected async fileOf(sessionKey?: string | null): Promise<string> {
    const key = sessionKey ?? (await this.getOrCreateSessionKey());
    if (!VALID_KEY.test(key)) throw new InvalidSessionKey('Invalid characters in session key');
    return join(storagePath(this.options.filePath), this.options.cookieName + key);
  }

  protected async loadData(): Promise<SessionData> {
    let text: string;
    let modified: Date;
    try {
      const file = await this.fileOf(this.sessionKey);
      text = await readFile(file, 'latin1');
      modified = (await stat(file)).mtime;
    } catch (error) {
      // No such file, or a key that cannot name one: a new, empty session.
      if (error instanceof InvalidSessionKey || isOsError(error)) {
        this.setSessionKey(null);
        return {};
      }
      throw error;
    }
    const data = text.length > 0 ? this.decode(text) : {};
    // A session lives SESSION_COOKIE_AGE (or its own expiry in seconds) past its last write, or
    // until its own expiry date. (Django counts seconds from now here, so such a file never expires.)
    const expiry = data._session_expiry;
    const lifetime = typeof expiry === 'number' && expiry !== 0 ? expiry : this.getSessionCookieAge();
    const age = typeof expiry === 'string'
      ? this.getExpiryAge({ expiry })
      : this.getExpiryAge({ expiry: new Date(modified.getTime() + lifetime * 1000) });
    if (age <= 0) {
      await this.deleteSession();
      await this.create();
      return {};
    }
    return data;
  }

  async exists(sessionKey: string): Promise<boolean> {
    try {
      await stat(await this.fileOf(sessionKey));
      return true;
    } catch {
      return false;
    }
  }

  async create(): Promise<void> {
    await this.claimNewKey();
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create();
    const data = this.dataObject(mustCreate);
    const file = await this.fileOf();
    // Claim (mustCreate) or find (update) the file first: the two answers Django's O_EXCL open gives.
    try {
      const handle = await open(file, mustCreate ? 'wx' : 'r+');
      await handle.close();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (mustCreate && code === 'EEXIST') throw new CreateError('Session key taken.', { cause: error });
      if (!mustCreate && code === 'ENOENT') throw new UpdateError('The session was deleted before it could be saved.', { cause: error });
      throw error;
    }
    const temporary = `${file}_out_${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(temporary, this.encode(data), { encoding: 'latin1', flag: 'wx' });
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    if (sessionKey === null) return;
    try {
      await unlink(await this.fileOf(sessionKey));
    } catch {
      // Gone already, or a key that names no file: nothing to delete.
    }
  }

  /** Removes the files of expired sessions (loading an expired session deletes it). */
  static async clearExpired(options: ClearExpiredOptions = {}): Promise<number> {
    const { onProgress, batchSize = 1000 } = options;
    // A management command (clearsessions), not the request path: the settings in force.
    const { SESSION_COOKIE_NAME: prefix, SESSION_FILE_PATH: filePath } = getSettings();
    const keys = (await readdir(storagePath(filePath)))
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length))
      .filter((key) => VALID_KEY.test(key));
    let removed = 0;
    onProgress?.(0, keys.length);
    for (const [index, key] of keys.entries()) {
      const store = new ExpiringFileSession(key);
      await store.load();
      if (store.removed) removed++;
      if ((index + 1) % batchSize === 0 || index + 1 === keys.length) onProgress?.(index + 1, keys.length);
    }
    return removed;
  }
}

/** A file session whose load() deletes it when expired without making a new one (clearExpired's). */
class ExpiringFileSession extends FileSessionStore {
  removed = false;

  override async create(): Promise<void> {}

  override async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    this.removed = true;
    await super.deleteSession(sessionKey);
  }
}

export { FileSessionStore as SessionStore };
