import * as changepassword from './changepassword.js';
import * as createsuperuser from './createsuperuser.js';

/** canter/auth's commands, for the CLI: createsuperuser and changepassword. */
export const authCommands = [createsuperuser, changepassword] as const;
export { Prompter } from './prompt.js';
export { createSuperuser } from './createsuperuser.js';
export { changePassword } from './changepassword.js';
