/**
 * The locmem backend's outbox (Django's django.core.mail.outbox): every message sent through it,
 * as a copy made when it was sent. An explicit registry for tests; canter/testing empties it.
 */
import type { EmailMessage } from './message.js';

/** The messages the locmem backend sent, oldest first. */
export const outbox: EmailMessage[] = [];

/** Empties the outbox (between tests). */
export function resetOutbox(): void {
  outbox.length = 0;
}
