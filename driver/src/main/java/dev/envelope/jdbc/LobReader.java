package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * Reads a stream or LOB bound to an encrypted parameter into one value, since a value is
 * encrypted whole. Values are bounded by {@link #MAX_LENGTH}; a larger one is refused rather
 * than held in memory.
 */
final class LobReader {

  /** The most bytes or characters read into one encrypted value: 64 MiB. */
  static final int MAX_LENGTH = 64 * 1024 * 1024;

  private LobReader() {
  }

  /** Reads at most {@code length} bytes, or the whole stream when {@code length} is negative. */
  static byte[] bytes(InputStream in, long length, ColumnRef column) throws SQLException {
    if (in == null) {
      return null;
    }
    int limit = limit(length, column);
    try {
      byte[] value = in.readNBytes(limit);
      if (length < 0 && value.length == limit && in.read() != -1) {
        throw tooLarge(column);
      }
      return value;
    } catch (IOException unreadable) {
      throw unreadable(column, unreadable);
    }
  }

  /** Reads ASCII text: at most {@code length} bytes, or all when it is negative. */
  static String ascii(InputStream in, long length, ColumnRef column) throws SQLException {
    byte[] value = bytes(in, length, column);
    return value == null ? null : new String(value, StandardCharsets.US_ASCII);
  }

  /** Reads at most {@code length} characters, or all when {@code length} is negative. */
  static String chars(Reader in, long length, ColumnRef column) throws SQLException {
    if (in == null) {
      return null;
    }
    int limit = limit(length, column);
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      int read = 0;
      while (read != -1 && text.length() < limit) {
        read = in.read(buffer, 0, Math.min(buffer.length, limit - text.length()));
        if (read > 0) {
          text.append(buffer, 0, read);
        }
      }
      if (length < 0 && text.length() == limit && in.read() != -1) {
        throw tooLarge(column);
      }
    } catch (IOException unreadable) {
      throw unreadable(column, unreadable);
    }
    return text.toString();
  }

  static byte[] bytes(Blob blob, ColumnRef column) throws SQLException {
    return blob == null ? null : bytes(blob.getBinaryStream(), blob.length(), column);
  }

  static String chars(Clob clob, ColumnRef column) throws SQLException {
    return clob == null ? null : chars(clob.getCharacterStream(), clob.length(), column);
  }

  /**
   * The value of a stream or LOB passed to {@code setObject}, read whole; any other value as
   * it is. An {@code InputStream} is taken as bytes.
   */
  static Object materialize(Object value, ColumnRef column) throws SQLException {
    if (value instanceof InputStream) {
      return bytes((InputStream) value, -1, column);
    } else if (value instanceof Reader) {
      return chars((Reader) value, -1, column);
    } else if (value instanceof Blob) {
      return bytes((Blob) value, column);
    } else if (value instanceof Clob) {
      return chars((Clob) value, column);
    }
    return value;
  }

  private static int limit(long length, ColumnRef column) throws SQLException {
    if (length > MAX_LENGTH) {
      throw tooLarge(column);
    }
    return length < 0 ? MAX_LENGTH : (int) length;
  }

  private static EnvelopeException tooLarge(ColumnRef column) {
    return new EnvelopeException(SqlState.UNSUPPORTED_VALUE, "the value bound to " + column
        + " is larger than the " + MAX_LENGTH / (1024 * 1024) + " MiB that one encrypted value"
        + " may hold");
  }

  private static EnvelopeException unreadable(ColumnRef column, IOException cause) {
    return new EnvelopeException(SqlState.UNSUPPORTED_VALUE,
        "the stream bound to " + column + " could not be read", cause);
  }
}
