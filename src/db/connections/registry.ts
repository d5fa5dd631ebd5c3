import { ImproperlyConfigured } from '../../conf/errors.js';
import { getSettings, settingChanged } from '../../conf/settings/index.js';
import { BACKENDS } from './backends/index.js';
import { resolveDatabase } from './config.js';
import { Connection } from './wrapper.js';

interface Held {
  readonly entry: unknown;
  readonly connection: Connection;
}

/**
 * The connections of DATABASES, one per alias: Django's `connections`. Each is made on first use
 * and kept; when DATABASES changes (overrideSettings, configureSettings) the old one is closed
 * and the next get() builds a new one from the new settings.
 */
export class ConnectionHandler {
  readonly #held = new Map<string, Held>();
  readonly #closing = new Set<Promise<void>>();
  #listening = false;

  /**
   * The connection of an alias.
   *
   * @example
   * const rows = await connections.get().db.selectFrom('demo_book').selectAll().execute();
   */
  get(alias = 'default'): Connection {
    this.#listen();
    const databases = getSettings().DATABASES;
    const entry = Object.hasOwn(databases, alias) ? databases[alias] : undefined;
    const held = this.#held.get(alias);
    if (held !== undefined && held.entry === entry && !held.connection.closed) return held.connection;
    if (held !== undefined) this.#retire(alias, held);
    if (entry === undefined) throw missing(alias, Object.keys(databases));
    const resolved = resolveDatabase(alias, entry);
    const connection = new Connection(resolved, BACKENDS[resolved.vendor]);
    this.#held.set(alias, { entry, connection });
    return connection;
  }

  /** True when DATABASES has the alias. */
  has(alias: string): boolean {
    return Object.hasOwn(getSettings().DATABASES, alias);
  }

  /** A connection for every alias of DATABASES. */
  all(): Connection[] {
    return Object.keys(getSettings().DATABASES).map((alias) => this.get(alias));
  }

  /** Closes every pool (at shutdown, at the end of a test run); the next get() opens afresh. */
  async closeAll(): Promise<void> {
    for (const [alias, held] of [...this.#held]) this.#retire(alias, held);
    await Promise.all([...this.#closing]);
  }

  #retire(alias: string, held: Held): void {
    this.#held.delete(alias);
    const closing = held.connection.close().catch(() => undefined);
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }

  // Connected on first use rather than at import, so importing the module has no side effect.
  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    settingChanged.connect(
      ({ setting }) => {
        if (setting !== 'DATABASES') return;
        for (const [alias, held] of [...this.#held]) this.#retire(alias, held);
      },
      { dispatchUid: 'canter.db.connections' },
    );
  }
}

function missing(alias: string, aliases: readonly string[]): ImproperlyConfigured {
  if (aliases.length === 0) {
    return new ImproperlyConfigured(
      `DATABASES is empty, so there is no database for '${alias}'. Configure one, e.g. DATABASES: { default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' } }.`,
    );
  }
  return new ImproperlyConfigured(`The database alias '${alias}' is not in DATABASES; configured aliases: ${aliases.join(', ')}.`);
}

/** The process's connections. */
export const connections = new ConnectionHandler();
