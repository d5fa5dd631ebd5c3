import { postSave, preSave } from '../../src/db/index.js';
import { receiver, Signal } from '../../src/dispatch/index.js';
import { trace } from './middleware.js';

/** Seed 004's custom signal. */
export const pizzaDone = new Signal<{ toppings: string; size: string }, string>('pizza_done');

/** The latest pizza_done calls received, newest last (bounded, the demo runs under load). */
export const pizzaCalls: Array<{ sender: string; toppings: string; size: string }> = [];

export const onPizzaDone = receiver(pizzaDone)(({ sender, toppings, size }) => {
  pizzaCalls.push({ sender, toppings, size });
  if (pizzaCalls.length > 100) pizzaCalls.shift();
});

/** Every model save is logged, as the demo spec asks: `pre_save Book`, `post_save Book created=true`. */
export const onPreSave = receiver(preSave)(({ sender }) => trace.info(`pre_save ${sender.meta.objectName}`));
export const onPostSave = receiver(postSave)(({ sender, created }) => trace.info(`post_save ${sender.meta.objectName} created=${created}`));
