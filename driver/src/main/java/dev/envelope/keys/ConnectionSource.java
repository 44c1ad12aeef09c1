package dev.envelope.keys;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a fresh auto-commit connection to the delegate database, apart from the application's
 * connections, so that reading the policy and creating keys never join an application
 * transaction: a rollback there can neither lose a key nor strand data written under it.
 */
@FunctionalInterface
public interface ConnectionSource {

  /** Opens a new connection; the caller closes it. */
  Connection open() throws SQLException;
}
