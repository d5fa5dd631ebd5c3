export * from './core/index.js';
export * from './http/index.js';
export * from './urls/index.js';
export * from './dispatch/index.js';
export * from './shortcuts/index.js';
export * from './views/index.js';
export * from './middleware/index.js';
export * from './cache/index.js';
