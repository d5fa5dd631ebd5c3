#!/usr/bin/env node
import { checkAuthIfInstalled } from './auth/management/check.js';
import { authCommands } from './auth/management/index.js';
import { checkPasswordValidators } from './auth/password-validation/checks.js';
import { checkCaches } from './cache/checks.js';
import { cacheCommands } from './cache/management/index.js';
import { registerCheck } from './conf/checks.js';
import { main } from './core/management/index.js';
import { checkCsrf } from './csrf/system-checks.js';
import { checkDatabases, dbCommands } from './db/management/index.js';
import { checkSessions } from './sessions/checks.js';
import { checkTemplates } from './templates/index.js';
import * as sendtestemail from './mail/management/sendtestemail.js';
import { sessionCommands } from './sessions/management/index.js';

registerCheck(checkDatabases);
registerCheck(checkCaches);
registerCheck(checkSessions);
registerCheck(checkCsrf);
registerCheck(checkTemplates);
registerCheck(checkPasswordValidators);
registerCheck(checkAuthIfInstalled);
await main(process.argv, [...dbCommands, ...cacheCommands, ...sessionCommands, ...authCommands, sendtestemail]);
