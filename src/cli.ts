#!/usr/bin/env node
import { checkCaches } from './cache/checks.js';
import { cacheCommands } from './cache/management/index.js';
import { registerCheck } from './core/checks.js';
import { main } from './core/management/index.js';
import { checkDatabases, dbCommands } from './db/management/index.js';

registerCheck(checkDatabases);
registerCheck(checkCaches);
await main(process.argv, [...dbCommands, ...cacheCommands]);
