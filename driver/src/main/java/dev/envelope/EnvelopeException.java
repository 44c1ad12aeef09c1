package dev.envelope;

import java.sql.SQLException;

/**
 * Every failure that Envelope raises itself. The message names the table, the column and the
 * reason where they are known, and never a value, a key or a password; the cause is chained.
 */
public class EnvelopeException extends SQLException {

  private static final long serialVersionUID = 1L;

  private final SqlState state;

  public EnvelopeException(SqlState state, String message) {
    this(state, message, null);
  }

  public EnvelopeException(SqlState state, String message, Throwable cause) {
    super(message, state.code(), cause);
    this.state = state;
  }

  /** The Envelope state, of which {@link #getSQLState()} is the code. */
  public SqlState state() {
    return state;
  }
}
