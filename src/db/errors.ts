import { CanterError } from '../core/errors.js';

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

/** A delete would remove rows that an on_delete=PROTECT foreign key still points at. */
export class ProtectedError extends IntegrityError {
  override readonly code: string = 'E_PROTECTED';
}

/** atomic()/onCommit() used where they cannot work (e.g. onCommit outside any connection). */
export class TransactionManagementError extends CanterError {
  override readonly code: string = 'E_TRANSACTION_MANAGEMENT';
}

/** The backend cannot do what was asked (a lookup or feature it lacks). */
export class NotSupportedError extends CanterError {
  override readonly code: string = 'E_NOT_SUPPORTED';
}
