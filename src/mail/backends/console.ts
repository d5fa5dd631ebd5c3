import type { EmailMessage } from '../message.js';
import { BaseEmailBackend, type EmailBackendOptions } from './base.js';

/** Where the console backend writes: process.stdout, or anything with write(text). */
export interface TextSink {
  write(text: string): unknown;
}

/** The console backend's options. */
export interface ConsoleEmailBackendOptions extends EmailBackendOptions {
  /** Where to write; process.stdout when left out. */
  stream?: TextSink | null;
}

/** The line Django writes after each message. */
export const MESSAGE_SEPARATOR = '-'.repeat(79);

/**
 * Writes each message, as it would go on the wire, to stdout (or `stream`), followed by a line
 * of 79 dashes: Django's console backend, for development.
 */
export class ConsoleEmailBackend extends BaseEmailBackend {
  stream: TextSink | null;

  constructor(options: ConsoleEmailBackendOptions = {}) {
    super(options);
    this.stream = options.stream === undefined ? process.stdout : options.stream;
  }

  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    const list = [...messages];
    if (list.length === 0) return 0;
    let count = 0;
    let opened = false;
    try {
      opened = (await this.open()) === true;
      for (const message of list) {
        await this.writeMessage(message);
        count++;
      }
    } catch (error) {
      if (!this.failSilently) throw error;
    } finally {
      if (opened) await this.close();
    }
    return count;
  }

  /** Writes one message and the separator line. */
  protected async writeMessage(message: EmailMessage): Promise<void> {
    this.stream?.write(`${message.message().asString()}\n${MESSAGE_SEPARATOR}\n`);
  }
}
