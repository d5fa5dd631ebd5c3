/** The interface every mail backend implements (Django's BaseEmailBackend). */
import type { EmailMessage } from '../message.js';

/** Options every backend takes; a backend reads its own and ignores the rest (getConnection passes them all). */
export interface EmailBackendOptions {
  /** Swallow sending errors instead of throwing them. */
  failSilently?: boolean;
  [option: string]: unknown;
}

/**
 * A mail backend: `sendMessages()` is the one primitive; `open()`/`close()` hold a connection
 * across several sends where the backend has one. `use()` is Django's `with connection:`.
 *
 * @example
 * const connection = getConnection();
 * await connection.use(async (c) => {
 *   await c.sendMessages([message1, message2]);
 * });
 */
export abstract class BaseEmailBackend {
  failSilently: boolean;

  constructor(options: EmailBackendOptions = {}) {
    this.failSilently = options.failSilently ?? false;
  }

  /**
   * Opens a connection to send several messages over; resolves to true when it opened one,
   * false when one was open already (null: failed silently). The base does nothing.
   */
  async open(): Promise<boolean | null | void> {}

  /** Closes the connection open() opened, if any. */
  async close(): Promise<void> {}

  /** Sends the messages; resolves to how many were sent. */
  abstract sendMessages(messages: Iterable<EmailMessage>): Promise<number>;

  /** Opens, runs `fn` with this backend, and closes even when `fn` throws. */
  async use<T>(fn: (backend: this) => T | Promise<T>): Promise<T> {
    try {
      await this.open();
    } catch (error) {
      await this.close();
      throw error;
    }
    try {
      return await fn(this);
    } finally {
      await this.close();
    }
  }
}

/** A backend class, as EMAIL_BACKEND and getConnection() take one. */
export type EmailBackendClass = new (options?: EmailBackendOptions) => BaseEmailBackend;
