package dev.envelope.engine;

import dev.envelope.ColumnRef;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads and decrypts one result column that comes from an annotated column. */
public interface ResultCodec {

  /** The column the values come from. */
  ColumnRef column();

  /**
   * Reads the ciphertext of the current row and decrypts it.
   *
   * @return the Java value that was written (its type preserved), or {@code null} for SQL NULL
   */
  Object read(ResultSet source, int index) throws SQLException;
}
