package dev.envelope.engine;

import dev.envelope.ColumnRef;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Encrypts the values bound to one parameter of an annotated column and binds the ciphertext to
 * the delegate statement, as bytes or base64 text depending on the column's storage type.
 */
public interface ParameterCodec {

  /** The column this parameter binds to. */
  ColumnRef column();

  /**
   * Encrypts a non-null plaintext value and binds the ciphertext.
   *
   * @param value the Java value the application bound ({@code String}, {@code Integer},
   *     {@code BigDecimal}, {@code byte[]}, {@code java.sql.Date}, {@code LocalDate}, ...)
   */
  void bind(PreparedStatement target, int index, Object value) throws SQLException;

  /** Binds SQL {@code NULL} with the column's storage type. */
  void bindNull(PreparedStatement target, int index) throws SQLException;
}
