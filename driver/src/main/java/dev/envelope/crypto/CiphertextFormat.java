package dev.envelope.crypto;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * The layout of a stored value, as written down in {@code docs/FORMAT.md}:
 *
 * <pre>
 * offset  size  field
 * 0       1     format version, 1
 * 1       1     mode: 1 = randomized (XAES-256-GCM), 2 = deterministic (AES-SIV)
 * 2       4     key version, uint32 big-endian, 1 .. 2^31-1
 * 6       ..    body: randomized    = 24-byte nonce (12 salt, 12 GCM nonce) || ciphertext || 16 tag
 *                     deterministic = 16-byte SIV || ciphertext
 * </pre>
 *
 * <p>The associated data of both modes is {@code "envelope/v1" || u16 len || table || u16 len ||
 * column || header}, names in UTF-8, so a value decrypts only in its own column, mode and key
 * version. Every reader here checks lengths before it reads and throws
 * {@code INVALID_CIPHERTEXT} ("invalid ciphertext for t.c") on anything malformed.
 */
public final class CiphertextFormat {

  /** The only format version written and read. */
  public static final int FORMAT_VERSION = 1;

  /** Bytes before the body: format version, mode, key version. */
  public static final int HEADER_LENGTH = 6;

  /** Bytes a randomized value adds to its plaintext: header, 24-byte nonce, 16-byte tag. */
  public static final int RANDOMIZED_OVERHEAD = HEADER_LENGTH + 24 + 16;

  /** Bytes a deterministic value adds to its plaintext: header and 16-byte SIV. */
  public static final int DETERMINISTIC_OVERHEAD = HEADER_LENGTH + 16;

  /** The largest plaintext accepted, and so the largest ciphertext is this plus overhead. */
  public static final int MAX_PLAINTEXT_BYTES = ValueCodec.MAX_ENCODED_BYTES;

  static final byte MODE_RANDOMIZED = 1;
  static final byte MODE_DETERMINISTIC = 2;

  private static final byte[] AD_LABEL = "envelope/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_NAME_BYTES = 0xFFFF;

  private CiphertextFormat() {
  }

  /**
   * Reads the key version from a ciphertext's header, to choose the data key that decrypts it.
   * Says nothing about authenticity: only decryption checks that.
   *
   * @throws EnvelopeException {@code INVALID_CIPHERTEXT} when the ciphertext is shorter than its
   *     mode allows or longer than any value, or names an unknown format version, mode, or a key
   *     version outside 1 .. 2^31-1
   */
  public static int keyVersion(byte[] ciphertext, ColumnRef column) throws SQLException {
    checkHeader(ciphertext, column);
    return readKeyVersion(ciphertext);
  }

  /**
   * Reads the mode from a ciphertext's header.
   *
   * @throws EnvelopeException {@code INVALID_CIPHERTEXT} as {@link #keyVersion} does
   */
  public static EncryptionMode mode(byte[] ciphertext, ColumnRef column) throws SQLException {
    return checkHeader(ciphertext, column) == MODE_RANDOMIZED
        ? EncryptionMode.RANDOMIZED
        : EncryptionMode.DETERMINISTIC;
  }

  /** Validates the header and length of a ciphertext and returns its mode byte. */
  static byte checkHeader(byte[] ciphertext, ColumnRef column) throws SQLException {
    if (ciphertext == null || ciphertext.length < HEADER_LENGTH
        || ciphertext[0] != FORMAT_VERSION) {
      throw invalid(column, null);
    }
    byte mode = ciphertext[1];
    int overhead;
    if (mode == MODE_RANDOMIZED) {
      overhead = RANDOMIZED_OVERHEAD;
    } else if (mode == MODE_DETERMINISTIC) {
      overhead = DETERMINISTIC_OVERHEAD;
    } else {
      throw invalid(column, null);
    }
    // Compared as a subtraction so that no sum can overflow.
    if (ciphertext.length < overhead || ciphertext.length - overhead > MAX_PLAINTEXT_BYTES) {
      throw invalid(column, null);
    }
    if (readKeyVersion(ciphertext) <= 0) {
      throw invalid(column, null);
    }
    return mode;
  }

  static byte[] header(byte mode, int keyVersion) {
    return ByteBuffer.allocate(HEADER_LENGTH)
        .put((byte) FORMAT_VERSION)
        .put(mode)
        .putInt(keyVersion)
        .array();
  }

  /**
   * The associated data for one column and header. Returns null when a name is longer than a
   * u16 length field can state.
   */
  static byte[] associatedData(ColumnRef column, byte[] header) {
    byte[] table = column.table().getBytes(StandardCharsets.UTF_8);
    byte[] name = column.column().getBytes(StandardCharsets.UTF_8);
    if (table.length > MAX_NAME_BYTES || name.length > MAX_NAME_BYTES) {
      return null;
    }
    return ByteBuffer.allocate(AD_LABEL.length + 2 + table.length + 2 + name.length
            + header.length)
        .put(AD_LABEL)
        .putShort((short) table.length)
        .put(table)
        .putShort((short) name.length)
        .put(name)
        .put(header)
        .array();
  }

  static EnvelopeException invalid(ColumnRef column, Throwable cause) {
    return new EnvelopeException(SqlState.INVALID_CIPHERTEXT, "invalid ciphertext for " + column,
        cause);
  }

  /** The key version field; call {@link #checkHeader} first. */
  static int readKeyVersion(byte[] ciphertext) {
    return ByteBuffer.wrap(ciphertext, 2, 4).getInt();
  }
}
