#!/usr/bin/env node
import { registerCheck } from './core/checks.js';
import { main } from './core/management/index.js';
import { checkDatabases, dbCommands } from './db/management/index.js';

registerCheck(checkDatabases);
await main(process.argv, dbCommands);
