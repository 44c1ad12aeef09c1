package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.EncryptionMode;
import java.util.List;

/**
 * What the SQL analysis needs to know about the database: which columns are annotated, and the
 * columns of a table in order (for {@code SELECT *} and {@code INSERT} without a column list).
 * Implementations cache; the analysis calls it only while a statement is first analysed.
 */
public interface SchemaView {

  /**
   * The encryption mode of an annotated column, or {@code null} when the column is not annotated.
   */
  EncryptionMode modeOf(ColumnRef column);

  /** Whether any column of this table (lower case, no schema) is annotated. */
  boolean hasAnnotatedColumns(String table);

  /**
   * The lower-case names of the tables that have annotated columns. A statement whose text
   * names none of them (nor {@code envelope_columns}) is plain and need not be parsed.
   */
  java.util.Set<String> annotatedTables();

  /**
   * The lower-case column names of a table in ordinal order.
   *
   * @param qualifiedName the table as written in the SQL, possibly schema-qualified and quoted
   * @throws dev.envelope.EnvelopeException when the table does not exist or cannot be read
   */
  List<String> columnsOf(String qualifiedName) throws java.sql.SQLException;
}
