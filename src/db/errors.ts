import { CanterError } from '../conf/errors.js';

/** Something is wrong with a model's data: one message list per field (`__all__` for the model). */
export class ValidationError extends CanterError {
  override readonly code: string = 'E_VALIDATION';
  /** Messages by field name; `__all__` holds errors of the whole instance. */
  readonly errors: Readonly<Record<string, readonly string[]>>;

  constructor(errors: string | Readonly<Record<string, readonly string[]>>, options?: ErrorOptions) {
    const byField = typeof errors === 'string' ? { __all__: [errors] } : errors;
    super(
      Object.entries(byField)
        .map(([field, messages]) => `${field}: ${messages.join(' ')}`)
        .join('; '),
      options,
    );
    this.errors = byField;
  }
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
