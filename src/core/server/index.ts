export { serve, requestListener } from './server.js';
export type { ServeOptions, RunningServer } from './server.js';
export { writeResponse } from './write-response.js';
export { runWorkers, exitOnSignal } from './cluster.js';
