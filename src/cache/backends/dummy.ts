import { BaseCache } from '../base.js';

/** Caches nothing: every get misses, add says it stored, incr finds no key (Django's DummyCache). */
export class DummyCache extends BaseCache {
  protected getRaw(): undefined {
    return undefined;
  }

  protected setRaw(): void {}

  protected addRaw(): boolean {
    return true;
  }

  protected touchRaw(): boolean {
    return false;
  }

  protected deleteRaw(): boolean {
    return false;
  }

  async clear(): Promise<void> {}
}
