import type { DatabaseWrapper, Features, Vendor } from '../types.js';

const FEATURES: Readonly<Record<Vendor, Features>> = {
  sqlite: { supportsReturning: true, usesSavepoints: true, hasIlike: false, booleansAsIntegers: true, hasNativeUuidField: false, hasNativeJsonField: false, caseSensitiveLike: false },
  postgresql: { supportsReturning: true, usesSavepoints: true, hasIlike: true, booleansAsIntegers: false, hasNativeUuidField: true, hasNativeJsonField: true, caseSensitiveLike: true },
  mysql: { supportsReturning: false, usesSavepoints: true, hasIlike: false, booleansAsIntegers: true, hasNativeUuidField: false, hasNativeJsonField: false, caseSensitiveLike: false },
};

/**
 * A wrapper with only `vendor` and `features`, which is all a field's converters read: lets the
 * converters be unit-tested per vendor without a server.
 *
 * @example field.toDb(true, vendorStub('sqlite')) // 1
 */
export function vendorStub(vendor: Vendor): DatabaseWrapper {
  return { vendor, features: FEATURES[vendor] } as DatabaseWrapper;
}

export const VENDORS: readonly Vendor[] = ['sqlite', 'postgresql', 'mysql'];

/** Names an unbound field, as defineModel() would, so its errors carry the name. @example named(new IntegerField(), "price") */
export function named<F extends { name: string }>(field: F, name: string): F {
  field.name = name;
  return field;
}
