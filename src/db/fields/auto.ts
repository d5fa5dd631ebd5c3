import type { Deconstructed, FieldOptions } from './field.js';
import { IntegerField } from './integer.js';

/**
 * An integer primary key the database assigns: Django's AutoField. It is the primary key, is
 * not editable and may be blank (fullClean() leaves it alone); an unsaved instance holds null.
 *
 * @example defineModel('shop.Order', { number: fields.AutoField({ primaryKey: true }) })
 */
// An IntegerField the database fills in, as Django's AutoField is: conversions are the integer ones.
export class AutoField<T extends number | null = number> extends IntegerField<T> {
  override readonly internalType: string = 'AutoField';

  constructor(options: FieldOptions<T> = {}) {
    super({ primaryKey: true, editable: false, blank: true, ...options });
  }

  override deconstruct(): Deconstructed {
    const { type, options } = super.deconstruct();
    const { editable: _e, blank: _b, ...rest } = options;
    return { type, options: rest };
  }
}

/** A 64-bit auto-incrementing primary key (values stay numbers): Django's BigAutoField. @example fields.BigAutoField({ primaryKey: true }) */
export class BigAutoField<T extends number | null = number> extends AutoField<T> {
  override readonly internalType: string = 'BigAutoField';
  protected override readonly range: readonly [bigint, bigint] = [-9223372036854775808n, 9223372036854775807n];
}

/** A 16-bit auto-incrementing primary key: Django's SmallAutoField. @example fields.SmallAutoField({ primaryKey: true }) */
export class SmallAutoField<T extends number | null = number> extends AutoField<T> {
  override readonly internalType: string = 'SmallAutoField';
  protected override readonly range: readonly [bigint, bigint] = [-32768n, 32767n];
}
