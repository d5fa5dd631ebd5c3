import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings } from '../../conf/settings/index.js';
import type { EmailMessage } from '../message.js';
import type { EmailBackendOptions } from './base.js';
import { ConsoleEmailBackend, MESSAGE_SEPARATOR } from './console.js';

/** The file backend's options. */
export interface FileEmailBackendOptions extends EmailBackendOptions {
  /** The directory to write to; EMAIL_FILE_PATH when left out. */
  filePath?: string | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Writes messages to files in a directory (EMAIL_FILE_PATH), one file per connection, each
 * message followed by a line of 79 dashes: Django's file backend. The directory is made when
 * the first message is written.
 */
export class FileEmailBackend extends ConsoleEmailBackend {
  /** The absolute directory messages go to. */
  readonly filePath: string;
  #fileName: string | undefined;
  #open = false;

  constructor(options: FileEmailBackendOptions = {}) {
    super({ ...options, stream: null });
    const path: unknown = options.filePath ?? getSettings().EMAIL_FILE_PATH;
    if (path === null || path === undefined || path === '') {
      throw new ImproperlyConfigured('The file mail backend needs a directory: set EMAIL_FILE_PATH, or pass filePath to getConnection().');
    }
    if (typeof path !== 'string') throw new TypeError(`expected str, bytes or os.PathLike object, not ${path === null ? 'null' : typeof path}`);
    this.filePath = isAbsolute(path) ? path : resolve(path);
  }

  /** The file this connection writes to: its time of first use and a random part, '.log'. */
  get fileName(): string {
    if (this.#fileName === undefined) {
      const now = new Date();
      const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
      this.#fileName = join(this.filePath, `${stamp}-${randomBytes(6).toString('hex')}.log`);
    }
    return this.#fileName;
  }

  override async open(): Promise<boolean> {
    if (this.#open) return false;
    await this.#ensureDirectory();
    this.#open = true;
    return true;
  }

  override async close(): Promise<void> {
    this.#open = false;
  }

  protected override async writeMessage(message: EmailMessage): Promise<void> {
    await appendFile(this.fileName, Buffer.concat([message.message().asBytes(), Buffer.from(`\n${MESSAGE_SEPARATOR}\n`)]));
  }

  async #ensureDirectory(): Promise<void> {
    const found = await stat(this.filePath).catch(() => undefined);
    if (found !== undefined && !found.isDirectory()) {
      throw new ImproperlyConfigured(`Path for saving email messages exists, but is not a directory: ${this.filePath}`);
    }
    if (found === undefined) {
      try {
        await mkdir(this.filePath, { recursive: true });
      } catch (error) {
        throw new ImproperlyConfigured(`Could not create directory for saving email messages: ${this.filePath} (${(error as Error).message})`, { cause: error });
      }
    }
  }
}
