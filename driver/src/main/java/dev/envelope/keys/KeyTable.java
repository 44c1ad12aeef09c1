package dev.envelope.keys;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads and writes {@code envelope_keys}, always on its own auto-commit connection. The primary
 * key (table, column, version) makes a race between writers end with one row per version.
 */
public final class KeyTable {

  private static final String SELECT_VERSION = "SELECT version, master_key_id, encrypted_key"
      + " FROM envelope_keys WHERE table_name = ? AND column_name = ? AND version = ?";
  private static final String SELECT_NEWEST = "SELECT version, master_key_id, encrypted_key"
      + " FROM envelope_keys WHERE table_name = ? AND column_name = ?"
      + " ORDER BY version DESC";
  private static final String INSERT = "INSERT INTO envelope_keys"
      + " (table_name, column_name, version, master_key_id, encrypted_key)"
      + " VALUES (?, ?, ?, ?, ?)";

  private final ConnectionSource connections;

  public KeyTable(ConnectionSource connections) {
    this.connections = connections;
  }

  /** The newest key version of a column, if it has one. */
  public Optional<StoredKey> newest(ColumnRef column) throws SQLException {
    try (Connection connection = connections.open();
        PreparedStatement select = connection.prepareStatement(SELECT_NEWEST)) {
      select.setString(1, column.table());
      select.setString(2, column.column());
      select.setMaxRows(1);
      return readOne(column, select);
    } catch (EnvelopeException e) {
      throw e;
    } catch (SQLException e) {
      throw unavailable(column, e);
    }
  }

  /** One key version of a column, if it exists. */
  public Optional<StoredKey> version(ColumnRef column, int version) throws SQLException {
    try (Connection connection = connections.open();
        PreparedStatement select = connection.prepareStatement(SELECT_VERSION)) {
      select.setString(1, column.table());
      select.setString(2, column.column());
      select.setInt(3, version);
      return readOne(column, select);
    } catch (EnvelopeException e) {
      throw e;
    } catch (SQLException e) {
      throw unavailable(column, e);
    }
  }

  /**
   * Stores a new key version.
   *
   * @return {@code false} when that version already exists: another thread or process won
   */
  public boolean insert(StoredKey key) throws SQLException {
    try (Connection connection = connections.open();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      connection.setAutoCommit(true);
      insert.setString(1, key.column().table());
      insert.setString(2, key.column().column());
      insert.setInt(3, key.version());
      insert.setString(4, key.masterKeyId());
      insert.setBytes(5, key.encryptedKey());
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw unavailable(key.column(), e);
    }
  }

  private static Optional<StoredKey> readOne(ColumnRef column, PreparedStatement select)
      throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(new StoredKey(column, rows.getInt(1), rows.getString(2),
          rows.getBytes(3)));
    }
  }

  private static EnvelopeException unavailable(ColumnRef column, SQLException cause) {
    return new EnvelopeException(SqlState.KEY_UNAVAILABLE,
        "cannot read or write envelope_keys for " + column, cause);
  }
}
