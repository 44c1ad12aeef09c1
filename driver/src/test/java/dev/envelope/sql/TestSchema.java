package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.EncryptionMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory {@link SchemaView}: customers(id, name, ssn DETERMINISTIC, notes RANDOMIZED,
 * card DETERMINISTIC), orders(id, customer_id, amount, memo RANDOMIZED), plain(id, x), and the
 * policy table. Like the real one it refuses unknown tables, and it records the names it was
 * asked for so that tests can check that the name is passed as written.
 */
final class TestSchema implements SchemaView {

  private final Map<String, List<String>> tables = new LinkedHashMap<>();
  private final Map<ColumnRef, EncryptionMode> modes = new LinkedHashMap<>();
  private final List<String> columnRequests = new ArrayList<>();

  TestSchema() {
    table("customers", "id", "name", "ssn", "notes", "card");
    table("orders", "id", "customer_id", "amount", "memo");
    table("plain", "id", "x");
    table("envelope_columns", "table_name", "column_name", "mode");
    modes.put(new ColumnRef("customers", "ssn"), EncryptionMode.DETERMINISTIC);
    modes.put(new ColumnRef("customers", "notes"), EncryptionMode.RANDOMIZED);
    modes.put(new ColumnRef("customers", "card"), EncryptionMode.DETERMINISTIC);
    modes.put(new ColumnRef("orders", "memo"), EncryptionMode.RANDOMIZED);
  }

  private void table(String name, String... columns) {
    tables.put(name, List.of(columns));
  }

  @Override
  public EncryptionMode modeOf(ColumnRef column) {
    return modes.get(column);
  }

  @Override
  public boolean hasAnnotatedColumns(String table) {
    return modes.keySet().stream().anyMatch(c -> c.table().equals(table));
  }

  @Override
  public Set<String> annotatedTables() {
    Set<String> names = new TreeSet<>();
    modes.keySet().forEach(c -> names.add(c.table()));
    return names;
  }

  @Override
  public List<String> columnsOf(String qualifiedName) throws EnvelopeException {
    columnRequests.add(qualifiedName);
    String name = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    List<String> columns = tables.get(ColumnRef.normalize(name));
    if (columns == null) {
      throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT, "no such table");
    }
    return columns;
  }

  List<String> columnRequests() {
    return columnRequests;
  }
}
