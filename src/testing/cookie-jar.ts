import type { HttpResponseBase } from '../http/response-base.js';

/**
 * The test client's cookies: what the responses set, sent back on later requests. Expiry is
 * honoured by Max-Age/Expires, so a deleted or expired cookie disappears as it would in a browser.
 */
export class CookieJar {
  readonly #values = new Map<string, string>();

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  set(name: string, value: string): void {
    this.#values.set(name, value);
  }

  delete(name: string): void {
    this.#values.delete(name);
  }

  clear(): void {
    this.#values.clear();
  }

  has(name: string): boolean {
    return this.#values.has(name);
  }

  /** The names and values, as a plain object. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.#values);
  }

  /** The Cookie header value, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#values.size === 0) return undefined;
    return [...this.#values].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Takes in the response's Set-Cookie lines. */
  update(response: HttpResponseBase): void {
    for (const line of response.setCookieHeaders()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (expired(attributes)) this.#values.delete(name);
      else this.#values.set(name, value);
    }
  }
}

function expired(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [key = '', value = ''] = attribute.split('=', 2).map((s) => s.trim());
    if (key.toLowerCase() === 'max-age' && Number(value) <= 0) return true;
    if (key.toLowerCase() === 'expires' && Date.parse(value) <= Date.now()) return true;
  }
  return false;
}
