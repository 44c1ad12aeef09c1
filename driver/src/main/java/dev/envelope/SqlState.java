package dev.envelope;

/**
 * The SQLStates that Envelope raises, one entry each. Codes in the standard classes keep their
 * standard meaning; the {@code E} subclasses are Envelope's own and are documented in the README.
 */
public enum SqlState {

  /** The settings are missing or invalid, or the delegate driver cannot be found. */
  CONNECTION_SETTINGS("08E01"),

  /** An annotated column is used in a way that the encryption cannot honour. */
  ENCRYPTION_UNSUPPORTED("0AE01"),

  /** A plaintext literal was written for an annotated column; use a parameter. */
  PLAINTEXT_LITERAL("0AE02"),

  /** The statement mentions an annotated table but could not be analysed, so it is refused. */
  UNANALYSABLE_STATEMENT("0AE03"),

  /** A ciphertext failed to decrypt: tampered, truncated, or moved from another column. */
  INVALID_CIPHERTEXT("22E01"),

  /** A decrypted value cannot be converted to the type the application asked for. */
  TYPE_MISMATCH("22E02"),

  /** A value of this Java type cannot be encrypted (unsupported type or bad input). */
  UNSUPPORTED_VALUE("22E03"),

  /** The key table or key provider could not give a data key. */
  KEY_UNAVAILABLE("58E01"),

  /** The key table holds a key that does not fit this configuration (wrong master key, ...). */
  KEY_INVALID("58E02");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character SQLState. */
  public String code() {
    return code;
  }
}
