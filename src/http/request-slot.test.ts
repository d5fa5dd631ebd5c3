import { describe, expect, it } from 'vitest';
import { ImproperlyConfigured } from '../conf/errors.js';
import { RequestFactory } from '../testing/index.js';
import { defineRequestSlot, RequestSlotMissing, RequestSlotTaken } from './request-slot.js';

declare module './request.js' {
  interface HttpRequest {
    slotTestTenant: { id: number };
  }
}

const tenant = defineRequestSlot<{ id: number }>('slotTestTenant', { missing: 'add TenantMiddleware to MIDDLEWARE.' });

describe('defineRequestSlot', () => {
  it('gives a typed property that names the missing middleware when empty', () => {
    const request = new RequestFactory().get('/');
    expect(() => request.slotTestTenant).toThrow(RequestSlotMissing);
    expect(() => request.slotTestTenant).toThrow(ImproperlyConfigured);
    expect(() => request.slotTestTenant).toThrow('request.slotTestTenant is not set: add TenantMiddleware to MIDDLEWARE.');
  });

  it('reads without throwing through of(), and the property and set() fill the same slot', () => {
    const request = new RequestFactory().get('/');
    expect(tenant.of(request)).toBeUndefined();
    tenant.set(request, { id: 1 });
    expect(request.slotTestTenant).toEqual({ id: 1 });
    request.slotTestTenant = { id: 2 };
    expect(tenant.of(request)).toEqual({ id: 2 });
    expect(tenant.get(request)).toEqual({ id: 2 });
  });

  it('keeps requests apart and defines the property once, on the prototype', () => {
    const factory = new RequestFactory();
    const a = factory.get('/a/');
    const b = factory.get('/b/');
    tenant.set(a, { id: 1 });
    expect(tenant.of(b)).toBeUndefined();
    expect(Object.getOwnPropertyNames(a)).not.toContain('slotTestTenant');
  });

  it('refuses a name already taken, by another slot or by HttpRequest itself', () => {
    expect(() => defineRequestSlot('slotTestTenant', { missing: 'x' })).toThrow(RequestSlotTaken);
    expect(() => defineRequestSlot('getHost', { missing: 'x' })).toThrow(RequestSlotTaken);
  });

  it('can keep state without a public property', () => {
    const hidden = defineRequestSlot<number>('slotTestHidden', { missing: 'x', property: false });
    const request = new RequestFactory().get('/');
    hidden.set(request, 3);
    expect(hidden.of(request)).toBe(3);
    expect('slotTestHidden' in request).toBe(false);
  });

  it('throws the pending error when its middleware ran but the value is not loaded yet, RequestSlotMissing otherwise', () => {
    class NotLoadedYet extends Error {}
    const started = defineRequestSlot<boolean>('slotTestStarted', { missing: 'x', property: false });
    const lazy = defineRequestSlot<string>('slotTestLazy', {
      missing: 'add LazyMiddleware to MIDDLEWARE.',
      pending: (request) => (started.of(request) === true ? new NotLoadedYet('await request.load() first') : undefined),
    });
    const request = new RequestFactory().get('/');
    expect(() => lazy.get(request)).toThrow(RequestSlotMissing);
    started.set(request, true);
    expect(() => lazy.get(request)).toThrow(NotLoadedYet);
    lazy.set(request, 'loaded');
    expect(lazy.get(request)).toBe('loaded');
  });
});
