import type { EmailMessage } from '../message.js';
import { BaseEmailBackend } from './base.js';

/** Sends nothing and says it sent everything (Django's dummy backend). */
export class DummyEmailBackend extends BaseEmailBackend {
  async sendMessages(messages: Iterable<EmailMessage>): Promise<number> {
    return [...messages].length;
  }
}
