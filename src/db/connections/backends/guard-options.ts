import type { DatabaseConnection } from 'kysely';
import { getLogger } from '../../../conf/log.js';
import type { ConnectionLimits } from '../limits.js';

/** What a guarded pool (postgresql-pool.ts, mysql-pool.ts) is told by its backend. */
export interface GuardOptions {
  readonly limits: ConnectionLimits;
  /** The server for messages: "PostgreSQL at 127.0.0.1:5432/app". */
  readonly where: string;
  /**
   * Runs once on each new physical connection before it is handed out (session settings, the
   * connection_created signal). When it fails, the connection is closed rather than pooled.
   */
  prepare(connection: DatabaseConnection): Promise<void>;
  /**
   * Whether a failed statement's error means its connection is finished (the server is closing
   * it: a FATAL error, a killed session). Such a connection is closed instead of going back to
   * the pool, where the next request would find it dead.
   */
  endsConnection(error: unknown): boolean;
}

const log = getLogger('canter.db.backends');

/**
 * Receives the 'error' events of pools and connections: a server going away makes the drivers
 * emit them on idle connections too, and an EventEmitter with no listener for 'error' throws,
 * which would end the process. The connection is already out of the pool by then.
 */
export function connectionLost(where: string): (error: Error) => void {
  return (error) => {
    log.warning(`A connection to ${where} was lost (${error.message}); it has left the pool and the next query opens a new one.`);
  };
}

/** A server database's place for messages, without the password. */
export function describeServer(vendor: string, host: string | undefined, port: string | number | undefined, name: string | undefined): string {
  return `${vendor} at ${host || 'localhost'}${port === undefined || port === '' ? '' : `:${port}`}/${name ?? ''}`;
}
