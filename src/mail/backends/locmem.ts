import type { EmailMessage } from '../message.js';
import { outbox } from '../outbox.js';
import { BaseEmailBackend } from './base.js';

/**
 * Keeps every message in `outbox` (from canter/mail) instead of sending it: the backend for
 * tests (Django's locmem). Each message is built first, so a bad header throws as it would on
 * the wire, and a copy is kept, so changing the message afterwards does not change the outbox.
 */
export class LocmemEmailBackend extends BaseEmailBackend {
  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    let count = 0;
    for (const message of messages) {
      message.message();
      outbox.push(message.copy());
      count++;
    }
    return count;
  }
}
