package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;

/**
 * The exceptions that the analysis raises. Messages name the table, the column and the reason,
 * and never quote SQL text, which could hold a plaintext value.
 */
final class Rejections {

  private Rejections() {
  }

  /** An operation that the encryption of {@code column} cannot honour. */
  static EnvelopeException cannotUse(ColumnRef column, String operation) {
    return new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED,
        column + ": " + operation + " cannot be used on an encrypted column");
  }

  /** A use of {@code column} that is refused, with the reason spelled out by the caller. */
  static EnvelopeException unsupported(ColumnRef column, String reason) {
    return new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED, column + ": " + reason);
  }

  /** Equality (or IN, or a join) on a column whose ciphertexts differ for equal values. */
  static EnvelopeException randomizedEquality(ColumnRef column) {
    return unsupported(column, "equality on a randomized column is not supported; "
        + "only IS [NOT] NULL can be used on it");
  }

  /** A plaintext literal written for, or compared with, an encrypted column. */
  static EnvelopeException plaintextLiteral(ColumnRef column) {
    return new EnvelopeException(SqlState.PLAINTEXT_LITERAL, column
        + ": a plaintext literal cannot be used with an encrypted column; "
        + "use a parameter (?) instead");
  }

  /** A kind of statement that is refused on encrypted tables as a whole. */
  static EnvelopeException unsupportedStatement(String table, String reason) {
    return new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED, table + ": " + reason);
  }

  /** A statement on an encrypted table whose shape the analysis does not understand. */
  static EnvelopeException unanalysable(String table, String reason) {
    return unanalysable(table, reason, null);
  }

  static EnvelopeException unanalysable(String table, String reason, Throwable cause) {
    return new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT, "statement mentions "
        + "encrypted table " + table + " but could not be analysed; " + reason, cause);
  }
}
