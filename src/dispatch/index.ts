export { Signal, receiver } from './signal.js';
export type { Receiver, ConnectOptions, SignalArgs } from './signal.js';
