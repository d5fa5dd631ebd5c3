import { CanterError } from '../conf/errors.js';

/** One message of a ValidationError, as Django keeps it: the text, its code and its params. */
export interface ValidationMessage {
  /** The message as given: `%(name)s` placeholders are filled from `params` by `messages`. */
  readonly message: string;
  /** What went wrong, for code to test (`'password_too_short'`); Django's `error.code`. */
  readonly code: string | undefined;
  /** The values the message's placeholders stand for, e.g. `{ min_length: 8 }`. */
  readonly params: Readonly<Record<string, unknown>> | undefined;
}

/** The code and params of a one-message ValidationError (Django's `code=`, `params=`), and its cause. */
export interface ValidationErrorOptions extends ErrorOptions {
  code?: string;
  params?: Readonly<Record<string, unknown>>;
}

type ValidationItem = string | ValidationError;

/** What a ValidationError is made from: a message, a list of them, or lists by field name. */
export type ValidationErrorInput =
  | ValidationItem
  | readonly ValidationItem[]
  | Readonly<Record<string, ValidationItem | readonly ValidationItem[]>>;

/**
 * Something is wrong with a value or a model's data (Django's ValidationError). Made from one
 * message (with an optional `code` and `params`), a list of messages or other ValidationErrors, or
 * lists by field name (`__all__` for the model). `errorList` keeps every message with its code,
 * `messages` gives them as text, `errors` by field.
 *
 * @example
 * throw new ValidationError('Ensure this is at least %(n)d.', { code: 'too_small', params: { n: 3 } });
 * // error.messages → ['Ensure this is at least 3.'], error.errorList[0].code → 'too_small'
 */
export class ValidationError extends CanterError {
  override readonly code: string = 'E_VALIDATION';
  /** Messages by field name; `__all__` holds errors of the whole instance (and of a list). */
  readonly errors: Readonly<Record<string, readonly string[]>>;
  /** Every message with its code and params, in order (across fields for the by-field form). */
  readonly errorList: readonly ValidationMessage[];

  constructor(errors: ValidationErrorInput, options?: ValidationErrorOptions) {
    const byField = collect(errors, options);
    const rendered: Record<string, readonly string[]> = {};
    for (const [field, items] of Object.entries(byField)) rendered[field] = items.map(renderMessage);
    super(
      Object.entries(rendered)
        .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
        .join('; '),
      options,
    );
    this.errors = rendered;
    this.errorList = Object.values(byField).flat();
  }

  /** Every message as text, its params filled in (Django's `error.messages`). */
  get messages(): string[] {
    return Object.values(this.errors).flat();
  }
}

function collect(errors: ValidationErrorInput, options: ValidationErrorOptions | undefined): Record<string, readonly ValidationMessage[]> {
  if (typeof errors === 'string') {
    return { __all__: [Object.freeze({ message: errors, code: options?.code, params: options?.params })] };
  }
  if (errors instanceof ValidationError) return { __all__: errors.errorList };
  if (isItemList(errors)) return { __all__: errors.flatMap(itemMessages) };
  const byField: Record<string, readonly ValidationMessage[]> = {};
  for (const [field, value] of Object.entries(errors)) {
    byField[field] = isItemList(value) ? value.flatMap(itemMessages) : itemMessages(value);
  }
  return byField;
}

function isItemList(value: unknown): value is readonly ValidationItem[] {
  return Array.isArray(value);
}

function itemMessages(item: ValidationItem): readonly ValidationMessage[] {
  return typeof item === 'string' ? [Object.freeze({ message: item, code: undefined, params: undefined })] : item.errorList;
}

const PLACEHOLDER = /%(?:\((\w+)\))?([sdifr%])/g;

/** Fills Python-style `%(name)s`/`%(name)d` placeholders from params, as Django's `message % params`. */
function renderMessage({ message, params }: ValidationMessage): string {
  if (params === undefined) return message;
  return message.replace(PLACEHOLDER, (whole, name: string | undefined, kind: string) => {
    if (kind === '%') return name === undefined ? '%' : whole;
    if (name === undefined || !Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (kind === 'd' || kind === 'i') return String(typeof value === 'number' ? Math.trunc(value) : value);
    if (kind === 'r' && typeof value === 'string') return `'${value}'`;
    return String(value);
  });
}

/** get() found no row; each model has its own subclass, `Book.DoesNotExist`. */
export class ObjectDoesNotExist extends CanterError {
  override readonly code: string = 'E_DOES_NOT_EXIST';
  override readonly status: number = 404;
}

/** get() found more than one row. */
export class MultipleObjectsReturned extends CanterError {
  override readonly code: string = 'E_MULTIPLE_OBJECTS_RETURNED';
}

/** A model has no field of that name; the message lists the fields it has. */
export class FieldDoesNotExist extends CanterError {
  override readonly code: string = 'E_FIELD_DOES_NOT_EXIST';
}

/** The database refused a write: a unique or foreign-key constraint, NOT NULL. */
export class IntegrityError extends CanterError {
  override readonly code: string = 'E_INTEGRITY';
}

/** Any other error the database reported; `cause` holds the driver's error. */
export class DatabaseError extends CanterError {
  override readonly code: string = 'E_DATABASE';
}

/**
 * The database could not be reached or dropped the connection: refused, reset, terminated by the
 * server (shutdown, failover, an idle-session reaper), a connect or query timeout, a deadlock, a
 * locked or unwritable SQLite file (Django's OperationalError). The pool has already discarded
 * the connection; the next query opens a fresh one, so retrying later is safe. `cause` holds the
 * driver's error.
 */
export class OperationalError extends DatabaseError {
  override readonly code: string = 'E_DATABASE_OPERATIONAL';
}

/** A delete would remove rows that an on_delete=PROTECT foreign key still points at. */
export class ProtectedError extends IntegrityError {
  override readonly code: string = 'E_PROTECTED';
  /** The instances that block the delete. */
  readonly protectedObjects: readonly unknown[];

  constructor(message: string, protectedObjects: readonly unknown[] = [], options?: ErrorOptions) {
    super(message, options);
    this.protectedObjects = protectedObjects;
  }
}

/** atomic()/onCommit() used where they cannot work (e.g. onCommit outside any connection). */
export class TransactionManagementError extends CanterError {
  override readonly code: string = 'E_TRANSACTION_MANAGEMENT';
}

/** The backend cannot do what was asked (a lookup or feature it lacks). */
export class NotSupportedError extends CanterError {
  override readonly code: string = 'E_NOT_SUPPORTED';
}

/**
 * A relation was read while its object is not loaded: Canter never queries behind a property
 * read. The message says how to load it (`await book.load('author')` or selectRelated()).
 */
export class RelatedObjectNotLoaded extends CanterError {
  override readonly code: string = 'E_RELATED_NOT_LOADED';
}

/** A save() or a relation write that would lose data: the related object has no primary key yet. */
export class UnsavedRelatedObjectError extends CanterError {
  override readonly code: string = 'E_UNSAVED_RELATED';
}

/** A delete would remove rows that an on_delete=RESTRICT foreign key still points at. */
export class RestrictedError extends IntegrityError {
  override readonly code: string = 'E_RESTRICTED';
  /** The instances that block the delete. */
  readonly restrictedObjects: readonly unknown[];

  constructor(message: string, restrictedObjects: readonly unknown[] = [], options?: ErrorOptions) {
    super(message, options);
    this.restrictedObjects = restrictedObjects;
  }
}
