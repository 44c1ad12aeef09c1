package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.crypto.EncryptionMode;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;

/**
 * The state of one analysis: the schema, the parameter bindings found so far and whether the
 * policy table is written. Used by one thread for one SQL text, then dropped.
 */
final class Analysis {

  static final String POLICY_TABLE = "envelope_columns";

  private final SchemaView schema;
  private final String mentionedTable;
  private final ColumnRef[] parameters;
  private final Map<ColumnRef, Optional<EncryptionMode>> modes = new HashMap<>();
  private final Map<String, List<String>> columns = new HashMap<>();
  private final Set<Column> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean writesPolicy;

  Analysis(SchemaView schema, String mentionedTable, int parameterCount) {
    this.schema = schema;
    this.mentionedTable = mentionedTable;
    this.parameters = new ColumnRef[parameterCount];
  }

  /** The normalized name of a table: lower case, unquoted, without schema. */
  static String tableName(Table table) {
    return ColumnRef.normalize(table.getName());
  }

  /** The mode of a column, or {@code null} when it is not annotated. */
  EncryptionMode mode(ColumnRef column) {
    return modes.computeIfAbsent(column, c -> schema.hasAnnotatedColumns(c.table())
        ? Optional.ofNullable(schema.modeOf(c)) : Optional.empty()).orElse(null);
  }

  /** The column if it is annotated, else {@code null}. */
  ColumnRef annotated(ColumnRef column) {
    return mode(column) == null ? null : column;
  }

  boolean hasAnnotatedColumns(String table) {
    return schema.hasAnnotatedColumns(table);
  }

  /** The columns of a table as written in the SQL, read once per analysis. */
  List<String> columnsOf(Table table) throws SQLException {
    String written = table.getFullyQualifiedName();
    List<String> known = columns.get(written);
    if (known == null) {
      known = List.copyOf(schema.columnsOf(written));
      columns.put(written, known);
    }
    return known;
  }

  /** Records that parameter {@code parameter} carries values of {@code column}. */
  void bind(JdbcParameter parameter, ColumnRef column) throws EnvelopeException {
    Integer index = parameter.getIndex();
    if (index == null || index < 1 || index > parameters.length) {
      throw unanalysable("a parameter could not be matched to its position");
    }
    ColumnRef earlier = parameters[index - 1];
    if (earlier != null && !earlier.equals(column)) {
      throw unanalysable("a parameter is bound to two different columns");
    }
    parameters[index - 1] = column;
  }

  /** Records that the analysis has looked at this column reference. */
  void markSeen(Column column) {
    seen.add(column);
  }

  /**
   * Fails when the statement holds a reference to an annotated column of {@code tables} that
   * the analysis never looked at: a clause it does not know could hide a misuse.
   */
  void requireAllSeen(Statement statement, Set<String> tables) throws EnvelopeException {
    for (Column column : NodeWalker.allColumns(statement)) {
      if (seen.contains(column)) {
        continue;
      }
      String name = ColumnRef.normalize(column.getColumnName());
      for (String table : tables) {
        ColumnRef ref = new ColumnRef(table, name);
        if (mode(ref) != null) {
          throw Rejections.unsupported(ref, "it is used in a part of the statement that the "
              + "analysis does not cover, so the statement is refused");
        }
      }
    }
  }

  void noteTarget(Table table) {
    if (table != null && POLICY_TABLE.equals(tableName(table))) {
      writesPolicy = true;
    }
  }

  boolean writesPolicy() {
    return writesPolicy;
  }

  ColumnRef[] parameters() {
    return parameters.clone();
  }

  /** The first annotated table that the text mentions, for messages. */
  String mentionedTable() {
    return mentionedTable;
  }

  EnvelopeException unanalysable(String reason) {
    return Rejections.unanalysable(mentionedTable, reason);
  }
}
