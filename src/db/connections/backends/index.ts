import type { Vendor } from '../../types.js';
import type { Backend } from './backend.js';
import { mysqlBackend } from './mysql.js';
import { postgresqlBackend } from './postgresql.js';
import { sqliteBackend } from './sqlite.js';

/** The backend of each vendor. The drivers of server databases load only when first connected. */
export const BACKENDS: Readonly<Record<Vendor, Backend>> = {
  sqlite: sqliteBackend,
  postgresql: postgresqlBackend,
  mysql: mysqlBackend,
};

export type { Backend, DialectHooks, SchemaSql } from './backend.js';
