/**
 * Signals: Django's dispatcher, typed. A signal declares the keyword arguments it sends, and the
 * compiler checks every receiver against them.
 *
 * @example
 * const pizzaDone = new Signal<{ toppings: string; size: string }>();
 * pizzaDone.connect(({ sender, toppings }) => console.log(sender, toppings));
 * pizzaDone.send('seven', { toppings: '123', size: '456' });
 */

import { isThenable } from '../utils/maybe-promise.js';

/** What every receiver gets: the signal, the sender and the signal's own arguments. */
export type SignalArgs<A extends object, S = unknown> = A & { signal: Signal<A, S>; sender: S };

export type Receiver<A extends object = object, S = unknown> = (args: SignalArgs<A, S>) => unknown;

export interface ConnectOptions<S = unknown> {
  /** Only calls from this sender reach the receiver (compared by identity). */
  sender?: S;
  /**
   * Hold the receiver through a WeakRef, so connecting does not keep it alive. Django's default is
   * weak; ours is strong, because an inline arrow function would otherwise vanish at the next GC.
   */
  weak?: boolean;
  /** A unique id: connecting twice with the same id (and sender) connects once. */
  dispatchUid?: string;
}

interface Entry<A extends object, S> {
  uid: string | undefined;
  senderKey: unknown;
  hasSender: boolean;
  ref: Receiver<A, S> | WeakRef<Receiver<A, S>>;
  weak: boolean;
}

const ANY_SENDER = Symbol('any sender');

export class Signal<A extends object = object, S = unknown> {
  #entries: Entry<A, S>[] = [];

  /** A name for error messages and debugging. */
  readonly name: string;

  constructor(name = 'signal') {
    this.name = name;
  }

  /** Connects a receiver; a second connect of the same receiver (or dispatchUid) and sender is ignored. */
  connect(receiver: Receiver<A, S>, options: ConnectOptions<S> = {}): void {
    if (typeof receiver !== 'function') {
      throw new TypeError(`${this.name}.connect() needs a function, got ${typeof receiver}`);
    }
    const uid = options.dispatchUid;
    const hasSender = options.sender !== undefined;
    const senderKey = hasSender ? options.sender : ANY_SENDER;
    if (this.#find(uid, receiver, senderKey) >= 0) return;
    const weak = options.weak === true;
    // Copy-on-write, so a receiver that connects or disconnects during send() does not disturb it.
    this.#entries = [
      ...this.#entries,
      { uid, senderKey, hasSender, weak, ref: weak ? new WeakRef(receiver) : receiver },
    ];
  }

  /** Disconnects a receiver (or the receiver connected under dispatchUid); true when one was connected. */
  disconnect(receiver?: Receiver<A, S>, options: Omit<ConnectOptions<S>, 'weak'> = {}): boolean {
    const senderKey = options.sender !== undefined ? options.sender : ANY_SENDER;
    const index = this.#find(options.dispatchUid, receiver, senderKey);
    if (index < 0) return false;
    this.#entries = this.#entries.filter((_, i) => i !== index);
    return true;
  }

  /** True when some receiver would be called for this sender. */
  hasListeners(sender?: S): boolean {
    if (this.#entries.length === 0) return false;
    return this.#live(sender).length > 0;
  }

  /**
   * Calls every receiver in the order connected and returns their answers. An error in a receiver
   * propagates and stops the rest. A receiver that returns a Promise is an error here: use asend().
   */
  send(sender: S, ...rest: OptionalIfEmpty<A>): Array<[Receiver<A, S>, unknown]> {
    if (this.#entries.length === 0) return [];
    const args = this.#args(sender, rest[0]);
    return this.#live(sender).map((receiver) => {
      const answer = receiver(args);
      if (isThenable(answer)) {
        answer.then(undefined, () => undefined);
        throw new TypeError(
          `${this.name}: receiver ${receiver.name || '(anonymous)'} returned a Promise from a ` +
            'synchronous send(); send this signal with asend() or make the receiver synchronous',
        );
      }
      return [receiver, answer];
    });
  }

  /** Like send(), but an error in a receiver is caught and returned as its answer; every receiver runs. */
  sendRobust(sender: S, ...rest: OptionalIfEmpty<A>): Array<[Receiver<A, S>, unknown]> {
    if (this.#entries.length === 0) return [];
    const args = this.#args(sender, rest[0]);
    return this.#live(sender).map((receiver) => {
      try {
        const answer = receiver(args);
        if (isThenable(answer)) {
          answer.then(undefined, () => undefined);
          return [receiver, new TypeError(`${this.name}: async receiver in sendRobust(); use asendRobust()`)];
        }
        return [receiver, answer];
      } catch (error) {
        return [receiver, error];
      }
    });
  }

  /** Calls every receiver, sync ones in order and async ones awaited together; answers in connection order. */
  async asend(sender: S, ...rest: OptionalIfEmpty<A>): Promise<Array<[Receiver<A, S>, unknown]>> {
    if (this.#entries.length === 0) return [];
    const args = this.#args(sender, rest[0]);
    const receivers = this.#live(sender);
    const answers: unknown[] = [];
    try {
      for (const receiver of receivers) answers.push(receiver(args));
    } catch (error) {
      // Nobody will await the receivers already started; a rejection among them must not go unhandled.
      for (const answer of answers) if (isThenable(answer)) answer.then(undefined, () => undefined);
      throw error;
    }
    const settled = await Promise.all(answers);
    return receivers.map((receiver, i) => [receiver, settled[i]]);
  }

  /** asend() that catches each receiver's error and returns it as that receiver's answer. */
  async asendRobust(sender: S, ...rest: OptionalIfEmpty<A>): Promise<Array<[Receiver<A, S>, unknown]>> {
    if (this.#entries.length === 0) return [];
    const args = this.#args(sender, rest[0]);
    const receivers = this.#live(sender);
    const answers = receivers.map(async (receiver) => {
      try {
        return await receiver(args);
      } catch (error) {
        return error;
      }
    });
    const settled = await Promise.all(answers);
    return receivers.map((receiver, i) => [receiver, settled[i]]);
  }

  #args(sender: S, kwargs: A | undefined): SignalArgs<A, S> {
    return { ...(kwargs ?? ({} as A)), signal: this, sender };
  }

  #find(uid: string | undefined, receiver: Receiver<A, S> | undefined, senderKey: unknown): number {
    return this.#entries.findIndex((e) => {
      if (e.senderKey !== senderKey) return false;
      if (uid !== undefined || e.uid !== undefined) return e.uid === uid;
      return deref(e) === receiver;
    });
  }

  #live(sender: S | undefined): Array<Receiver<A, S>> {
    const receivers: Array<Receiver<A, S>> = [];
    let dead = false;
    for (const entry of this.#entries) {
      if (entry.hasSender && entry.senderKey !== sender) continue;
      const receiver = deref(entry);
      if (receiver === undefined) dead = true;
      else receivers.push(receiver);
    }
    if (dead) this.#entries = this.#entries.filter((e) => deref(e) !== undefined);
    return receivers;
  }
}

function deref<A extends object, S>(entry: Entry<A, S>): Receiver<A, S> | undefined {
  return entry.weak ? (entry.ref as WeakRef<Receiver<A, S>>).deref() : (entry.ref as Receiver<A, S>);
}

/** A signal without arguments may be sent with none; one with arguments must be given them. */
type OptionalIfEmpty<A> = keyof A extends never ? [kwargs?: A] : [kwargs: A];

/**
 * Connects the function to one or more signals and returns it unchanged: Django's @receiver.
 *
 * @example
 * const onPizza = receiver(pizzaDone, { sender: 'seven' })(({ toppings }) => log.push(toppings));
 */
export function receiver<A extends object, S>(
  signal: Signal<A, S> | Array<Signal<A, S>>,
  options: ConnectOptions<S> = {},
): <F extends Receiver<A, S>>(fn: F) => F {
  return (fn) => {
    for (const s of Array.isArray(signal) ? signal : [signal]) s.connect(fn, options);
    return fn;
  };
}
