import { receiver, Signal } from '../../src/dispatch/index.js';

/** Seed 004's custom signal. */
export const pizzaDone = new Signal<{ toppings: string; size: string }, string>('pizza_done');

/** The latest pizza_done calls received, newest last (bounded, the demo runs under load). */
export const pizzaCalls: Array<{ sender: string; toppings: string; size: string }> = [];

export const onPizzaDone = receiver(pizzaDone)(({ sender, toppings, size }) => {
  pizzaCalls.push({ sender, toppings, size });
  if (pizzaCalls.length > 100) pizzaCalls.shift();
});
