/*
 * Field classes and the `fields` namespace of factories. A factory's return type carries the
 * value type instances hold: `fields.CharField({ maxLength: 64 })` is a Field<string>, and with
 * `null: true` a Field<string | null>.
 */
import { AutoField, BigAutoField, SmallAutoField } from './auto.js';
import { BigIntegerField } from './big-integer.js';
import type { BigIntegerFieldOptions } from './big-integer.js';
import { BinaryField } from './binary.js';
import { BooleanField } from './boolean.js';
import { CharField, EmailField, SlugField, TextField, URLField } from './char.js';
import type { CharFieldOptions, TextFieldOptions } from './char.js';
import { DateField } from './date.js';
import type { DateFieldOptions } from './date.js';
import { DateTimeField } from './datetime.js';
import { DecimalField } from './decimal.js';
import { DurationField } from './duration.js';
import type { DecimalFieldOptions } from './decimal.js';
import type { FieldOptions } from './field.js';
import type { Model, ModelStatic } from '../models/model.js';
import { FloatField } from './float.js';
import { IntegerField, PositiveBigIntegerField, PositiveIntegerField, PositiveSmallIntegerField, SmallIntegerField } from './integer.js';
import type { NullIf } from './invalid.js';
import { JSONField } from './json.js';
import type { JsonValue } from './json.js';
import { ForeignKey, OneToOneField } from './related.js';
import { ManyToManyField } from './many-to-many.js';
import type { ManyToManyOptions } from './many-to-many.js';
import type { ManyRelatedManager } from '../query/many-related-manager.js';
import type { RelationOptions } from './related.js';
import { TimeField } from './time.js';
import { UUIDField } from './uuid.js';

export { Field } from './field.js';
export type { Deconstructed, FieldOptions, FieldValue, Validator } from './field.js';
export { AutoField, BigAutoField, SmallAutoField } from './auto.js';
export { BigIntegerField } from './big-integer.js';
export type { BigIntegerFieldOptions } from './big-integer.js';
export { BinaryField } from './binary.js';
export { BooleanField } from './boolean.js';
export { CharField, EmailField, SlugField, TextField, URLField } from './char.js';
export type { CharFieldOptions, TextFieldOptions } from './char.js';
export { DateField } from './date.js';
export type { DateFieldOptions } from './date.js';
export { DateTimeField } from './datetime.js';
export { DecimalField } from './decimal.js';
export { DurationField } from './duration.js';
export type { DecimalFieldOptions } from './decimal.js';
export { FloatField } from './float.js';
export { IntegerField, PositiveBigIntegerField, PositiveIntegerField, PositiveSmallIntegerField, SmallIntegerField } from './integer.js';
export type { NullIf } from './invalid.js';
export { JSONField } from './json.js';
export type { JsonValue } from './json.js';
export { ManyToManyField } from './many-to-many.js';
export type { ManyToManyOptions } from './many-to-many.js';
export { CASCADE, DO_NOTHING, ForeignKey, OneToOneField, PROTECT, RESTRICT, SET_DEFAULT, SET_NULL } from './related.js';
export type { OnDelete, RelationOptions, RelationTarget } from './related.js';
export { TimeField } from './time.js';
export { UUIDField } from './uuid.js';

type Opts<T> = FieldOptions<T | null>;
/** The primary key type of a model instance type: its `id`, else number. */
type PkOf<M> = 0 extends 1 & M ? number : M extends { readonly id: infer I } ? I : number;
type CharOpts = CharFieldOptions<string | null>;
type BigMode<O> = O extends { readonly mode: 'bigint' } ? bigint : number;

/**
 * The field factories, one per field class: `fields.CharField({ maxLength: 64 })`.
 *
 * @example
 * defineModel('demo.Book', {
 *   title: fields.CharField({ maxLength: 64 }),     // string
 *   note: fields.TextField({ null: true }),         // string | null
 *   price: fields.DecimalField({ maxDigits: 8, decimalPlaces: 2 }), // string
 * });
 */
export const fields = {
  AutoField: <const O extends Opts<number> = object>(o?: O) => new AutoField<NullIf<O, number>>(o as never),
  BigAutoField: <const O extends Opts<number> = object>(o?: O) => new BigAutoField<NullIf<O, number>>(o as never),
  SmallAutoField: <const O extends Opts<number> = object>(o?: O) => new SmallAutoField<NullIf<O, number>>(o as never),
  CharField: <const O extends CharOpts>(o: O) => new CharField<NullIf<O, string>>(o as never),
  TextField: <const O extends TextFieldOptions<string | null> = object>(o?: O) => new TextField<NullIf<O, string>>(o as never),
  EmailField: <const O extends Partial<CharOpts> = object>(o?: O) => new EmailField<NullIf<O, string>>(o as never),
  SlugField: <const O extends Partial<CharOpts> = object>(o?: O) => new SlugField<NullIf<O, string>>(o as never),
  URLField: <const O extends Partial<CharOpts> = object>(o?: O) => new URLField<NullIf<O, string>>(o as never),
  IntegerField: <const O extends Opts<number> = object>(o?: O) => new IntegerField<NullIf<O, number>>(o as never),
  SmallIntegerField: <const O extends Opts<number> = object>(o?: O) => new SmallIntegerField<NullIf<O, number>>(o as never),
  PositiveIntegerField: <const O extends Opts<number> = object>(o?: O) => new PositiveIntegerField<NullIf<O, number>>(o as never),
  PositiveSmallIntegerField: <const O extends Opts<number> = object>(o?: O) =>
    new PositiveSmallIntegerField<NullIf<O, number>>(o as never),
  PositiveBigIntegerField: <const O extends Opts<number> = object>(o?: O) =>
    new PositiveBigIntegerField<NullIf<O, number>>(o as never),
  /** `mode: 'bigint'` makes it a Field<bigint> holding the full 64-bit range exactly. */
  BigIntegerField: <const O extends BigIntegerFieldOptions<number | bigint | null> = object>(o?: O) =>
    new BigIntegerField<NullIf<O, BigMode<O>>>(o as never),
  BooleanField: <const O extends Opts<boolean> = object>(o?: O) => new BooleanField<NullIf<O, boolean>>(o as never),
  FloatField: <const O extends Opts<number> = object>(o?: O) => new FloatField<NullIf<O, number>>(o as never),
  DecimalField: <const O extends DecimalFieldOptions<string | null>>(o: O) => new DecimalField<NullIf<O, string>>(o as never),
  DateField: <const O extends DateFieldOptions<string | null> = object>(o?: O) => new DateField<NullIf<O, string>>(o as never),
  DateTimeField: <const O extends DateFieldOptions<Date | null> = object>(o?: O) => new DateTimeField<NullIf<O, Date>>(o as never),
  TimeField: <const O extends Opts<string> = object>(o?: O) => new TimeField<NullIf<O, string>>(o as never),
  DurationField: <const O extends Opts<number> = object>(o?: O) => new DurationField<NullIf<O, number>>(o as never),
  UUIDField: <const O extends Opts<string> = object>(o?: O) => new UUIDField<NullIf<O, string>>(o as never),
  JSONField: <const O extends Opts<JsonValue> = object>(o?: O) => new JSONField<NullIf<O, JsonValue>>(o as never),
  BinaryField: <const O extends Opts<Buffer> = object>(o?: O) => new BinaryField<NullIf<O, Buffer>>(o as never),
  /**
   * A many-to-one relation to a model class, an 'app.Model' label or 'self'; `book.author` is the
   * related instance (typed when `to` is the class), `book.author_id` its key.
   */
  ForeignKey: <M extends Model = Model, const O extends RelationOptions = RelationOptions>(to: ModelStatic<M> | string, o: O) =>
    new ForeignKey<NullIf<O, M>, NullIf<O, PkOf<M>>>({ ...o, to } as never),
  /** A unique ForeignKey; the reverse accessor is one object (`user.profile`). */
  OneToOneField: <M extends Model = Model, const O extends RelationOptions = RelationOptions>(to: ModelStatic<M> | string, o: O) =>
    new OneToOneField<NullIf<O, M>, NullIf<O, PkOf<M>>>({ ...o, to } as never),
  /**
   * A many-to-many relation to a model class, an 'app.Model' label or 'self', through an automatic
   * join table (or `through`); `book.tags` is a ManyRelatedManager of the related model.
   */
  ManyToManyField: <M extends Model = Model>(to: ModelStatic<M> | string, o: ManyToManyOptions = {}) =>
    new ManyToManyField<ManyRelatedManager<M>>({ ...o, to } as never),
} as const;
