#!/usr/bin/env node
import { main } from './core/management/index.js';
import { dbCommands } from './db/management/index.js';

await main(process.argv, dbCommands);
