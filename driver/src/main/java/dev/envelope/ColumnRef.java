package dev.envelope;

import java.util.Locale;
import java.util.Objects;

/**
 * A (table, column) pair as stored in {@code envelope_columns}: lower case, unquoted, without a
 * schema. It names a data key and is bound into every ciphertext of that column.
 */
public record ColumnRef(String table, String column) {

  public ColumnRef {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(column, "column");
    if (table.isEmpty() || column.isEmpty()) {
      throw new IllegalArgumentException("table and column must not be empty");
    }
  }

  /** Makes a reference from names as they appear in SQL: quotes removed, lower case. */
  public static ColumnRef of(String table, String column) {
    return new ColumnRef(normalize(table), normalize(column));
  }

  /** Lower-cases an identifier and strips one pair of surrounding quotes or backticks. */
  public static String normalize(String identifier) {
    String name = identifier.trim();
    if (name.length() >= 2) {
      char first = name.charAt(0);
      char last = name.charAt(name.length() - 1);
      if ((first == '"' && last == '"') || (first == '`' && last == '`')
          || (first == '[' && last == ']')) {
        name = name.substring(1, name.length() - 1);
      }
    }
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}
