import { describeDatabaseFaults } from './lib/database-faults.js';
import { startPostgres } from './lib/private-server.js';

/** Issue 11 on PostgreSQL: a private cluster's backends terminated, the cluster killed and frozen under the demo. */
describeDatabaseFaults({
  label: 'PostgreSQL',
  kind: 'postgresql',
  vendor: 'postgresql',
  start: startPostgres,
  terminateName: 'pg_terminate_backend',
  async terminateOthers(admin) {
    const { rows } = await admin.execute("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = 'test' AND pid <> pg_backend_pid()");
    return rows.length;
  },
});
