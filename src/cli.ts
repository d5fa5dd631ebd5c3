#!/usr/bin/env node
import { main } from './core/management/index.js';

await main();
