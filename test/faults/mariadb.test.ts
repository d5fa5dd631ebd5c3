import { describeDatabaseFaults } from './lib/database-faults.js';
import { startMariadb } from './lib/private-server.js';

/** Issue 11 on MariaDB: a private server's connections KILLed, the server killed and frozen under the demo. */
describeDatabaseFaults({
  label: 'MariaDB',
  kind: 'mariadb',
  vendor: 'mysql',
  start: startMariadb,
  terminateName: 'KILL (as pg_terminate_backend on PostgreSQL)',
  async terminateOthers(admin) {
    const { rows } = await admin.execute("SELECT id FROM information_schema.processlist WHERE db = 'test' AND id <> CONNECTION_ID()");
    for (const row of rows) await admin.execute(`KILL ${Number(row.id)}`);
    return rows.length;
  },
});
