import { CanterError } from '../../conf/errors.js';

/** Two migrations of one app are both leaves: someone must merge them. */
export class MigrationConflict extends CanterError {
  override readonly code: string = 'E_MIGRATION_CONFLICT';
}

/** A migration names a dependency that does not exist, or the dependencies form a cycle. */
export class InvalidMigrationGraph extends CanterError {
  override readonly code: string = 'E_INVALID_MIGRATION_GRAPH';
}

/** An operation cannot be reversed (RunSQL without reverseSql, RunCode without reverse). */
export class IrreversibleMigration extends CanterError {
  override readonly code: string = 'E_IRREVERSIBLE_MIGRATION';
}

/** A migration target that names no migration, or an app without migrations. */
export class UnknownMigration extends CanterError {
  override readonly code: string = 'E_UNKNOWN_MIGRATION';
}
