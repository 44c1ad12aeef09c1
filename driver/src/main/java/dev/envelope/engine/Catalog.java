package dev.envelope.engine;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.EncryptionMode;
import dev.envelope.keys.ColumnPolicy;
import dev.envelope.keys.ConnectionSource;
import dev.envelope.sql.SchemaView;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The policy plus the shape of the tables that statements name, read once per table from an
 * empty query on a separate connection and kept until the policy is read again.
 */
final class Catalog implements SchemaView {

  /** Plain or quoted identifiers separated by dots: nothing that could end a statement. */
  private static final Pattern TABLE_NAME =
      Pattern.compile("(?:[\\p{L}_][\\p{L}\\p{N}_$]*|\"[^\"]+\"|`[^`]+`)"
          + "(?:\\.(?:[\\p{L}_][\\p{L}\\p{N}_$]*|\"[^\"]+\"|`[^`]+`)){0,2}");

  private final ColumnPolicy policy;
  private final ConnectionSource connections;
  private final Map<String, TableShape> shapes = new ConcurrentHashMap<>();

  Catalog(ColumnPolicy policy, ConnectionSource connections) {
    this.policy = policy;
    this.connections = connections;
  }

  ColumnPolicy policy() {
    return policy;
  }

  @Override
  public EncryptionMode modeOf(ColumnRef column) {
    return policy.modeOf(column);
  }

  @Override
  public boolean hasAnnotatedColumns(String table) {
    return policy.tables().contains(table);
  }

  @Override
  public Set<String> annotatedTables() {
    return policy.tables();
  }

  @Override
  public List<String> columnsOf(String qualifiedName) throws SQLException {
    return shape(qualifiedName).names();
  }

  /** The JDBC type of a column, as the database reports it. */
  int sqlTypeOf(ColumnRef column) throws SQLException {
    Integer type = shape(column.table()).types().get(column.column());
    if (type == null) {
      throw new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED,
          column + " is annotated in envelope_columns but the table has no such column");
    }
    return type;
  }

  private TableShape shape(String qualifiedName) throws SQLException {
    String key = qualifiedName.toLowerCase(Locale.ROOT);
    TableShape shape = shapes.get(key);
    if (shape == null) {
      shape = read(qualifiedName.trim());
      shapes.put(key, shape);
    }
    return shape;
  }

  private TableShape read(String qualifiedName) throws SQLException {
    if (!TABLE_NAME.matcher(qualifiedName).matches()) {
      throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT,
          "not a table name Envelope can look up: " + qualifiedName);
    }
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement();
        ResultSet empty = statement.executeQuery(
            "SELECT * FROM " + qualifiedName + " WHERE 1 = 0")) {
      ResultSetMetaData meta = empty.getMetaData();
      List<String> names = new ArrayList<>();
      Map<String, Integer> types = new HashMap<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        String name = meta.getColumnName(i).toLowerCase(Locale.ROOT);
        names.add(name);
        types.put(name, meta.getColumnType(i));
      }
      return new TableShape(List.copyOf(names), Map.copyOf(types));
    } catch (EnvelopeException e) {
      throw e;
    } catch (SQLException e) {
      throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT,
          "cannot read the columns of table " + qualifiedName, e);
    }
  }

  private record TableShape(List<String> names, Map<String, Integer> types) {
  }
}
