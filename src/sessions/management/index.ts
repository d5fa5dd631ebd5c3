import * as clearsessions from './clearsessions.js';

/** The session commands for the `canter` CLI. */
export const sessionCommands = [clearsessions] as const;
