package dev.envelope.keys;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.EncryptionMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** One snapshot of {@code envelope_columns}: which columns are annotated, and how. Immutable. */
public final class ColumnPolicy {

  private final Map<ColumnRef, EncryptionMode> modes;
  private final Set<String> tables;

  public ColumnPolicy(Map<ColumnRef, EncryptionMode> modes) {
    this.modes = Map.copyOf(modes);
    Set<String> names = new HashSet<>();
    modes.keySet().forEach(column -> names.add(column.table()));
    this.tables = Set.copyOf(names);
  }

  /** Reads the annotations; names are stored lower case, and are lower-cased again here. */
  public static ColumnPolicy load(Connection connection) throws SQLException {
    Map<ColumnRef, EncryptionMode> modes = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT table_name, column_name, mode FROM envelope_columns")) {
      while (rows.next()) {
        ColumnRef column = ColumnRef.of(rows.getString(1), rows.getString(2));
        modes.put(column, parseMode(column, rows.getString(3)));
      }
    }
    return new ColumnPolicy(modes);
  }

  private static EncryptionMode parseMode(ColumnRef column, String mode)
      throws EnvelopeException {
    if (mode == null || mode.isBlank()) {
      return EncryptionMode.RANDOMIZED;
    }
    try {
      return EncryptionMode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS, "envelope_columns: mode of "
          + column + " must be RANDOMIZED or DETERMINISTIC", e);
    }
  }

  /** The mode of an annotated column, or {@code null}. */
  public EncryptionMode modeOf(ColumnRef column) {
    return modes.get(column);
  }

  /** The lower-case names of the tables with annotated columns. */
  public Set<String> tables() {
    return tables;
  }

  /** Every annotated column with its mode. */
  public Map<ColumnRef, EncryptionMode> columns() {
    return modes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ColumnPolicy policy && policy.modes.equals(modes);
  }

  @Override
  public int hashCode() {
    return modes.hashCode();
  }

  @Override
  public String toString() {
    return "ColumnPolicy" + modes;
  }
}
