export { buildProgram, main } from './program.js';
export type { CommandModule } from './program.js';
export { loadSettings } from '../../conf/load-settings.js';
export { parseAddrPort } from './commands/runserver.js';
