package dev.envelope.crypto;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * The typed plaintext encoding: one type-tag byte, then the value, so that a decrypted value comes
 * back as the Java type and value that was written. The tags and layouts are listed in
 * {@code docs/FORMAT.md}; all integers are big-endian.
 *
 * <p>Guarantees: {@code decode(encode(v))} equals {@code v} and has the same class for every
 * supported type; the encoding of a value is a function of the value alone (never of the JVM time
 * zone or locale), which deterministic encryption relies on. Two values of different types never
 * share an encoding, so a deterministic column matches only values bound with the same type.
 *
 * <p>Bounds: an encoding is at most {@link #MAX_ENCODED_BYTES} bytes; decoding checks every
 * length against the input and rejects trailing bytes.
 */
public final class ValueCodec {

  /** The largest encoding accepted in either direction: 64 MiB. */
  public static final int MAX_ENCODED_BYTES = 64 * 1024 * 1024;

  static final byte STRING = 0x01;
  static final byte INTEGER = 0x02;
  static final byte LONG = 0x03;
  static final byte SHORT = 0x04;
  static final byte BYTE = 0x05;
  static final byte BOOLEAN = 0x06;
  static final byte FLOAT = 0x07;
  static final byte DOUBLE = 0x08;
  static final byte BIG_DECIMAL = 0x09;
  static final byte BIG_INTEGER = 0x0A;
  static final byte BYTES = 0x0B;
  static final byte SQL_DATE = 0x0C;
  static final byte SQL_TIME = 0x0D;
  static final byte SQL_TIMESTAMP = 0x0E;
  static final byte UTIL_DATE = 0x0F;
  static final byte LOCAL_DATE = 0x10;
  static final byte LOCAL_TIME = 0x11;
  static final byte LOCAL_DATE_TIME = 0x12;
  static final byte OFFSET_DATE_TIME = 0x13;
  static final byte OFFSET_TIME = 0x14;
  static final byte INSTANT = 0x15;
  static final byte ZONED_DATE_TIME = 0x16;
  static final byte UUID_VALUE = 0x17;
  static final byte CHARACTER = 0x18;

  private static final int DATE_BYTES = 6;
  private static final int TIME_BYTES = 7;
  private static final int DATE_TIME_BYTES = DATE_BYTES + TIME_BYTES;
  private static final int MAX_ZONE_ID_BYTES = 255;

  private ValueCodec() {
  }

  /**
   * Encodes a non-null value of a supported type, without naming a column in errors.
   *
   * @throws EnvelopeException {@code UNSUPPORTED_VALUE} for null, an unsupported type, a string
   *     that is not valid UTF-16, or an encoding longer than {@link #MAX_ENCODED_BYTES}
   */
  public static byte[] encode(Object value) throws SQLException {
    return encode(value, null);
  }

  /**
   * Encodes a non-null value of a supported type; errors name {@code column} and the value's
   * type, never the value.
   *
   * @param column the column the value is for, or null when not known
   * @throws EnvelopeException {@code UNSUPPORTED_VALUE} for null, an unsupported type, a string
   *     that is not valid UTF-16, or an encoding longer than {@link #MAX_ENCODED_BYTES}
   */
  public static byte[] encode(Object value, ColumnRef column) throws SQLException {
    if (value == null) {
      throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE,
          "cannot encrypt null" + forColumn(column) + "; SQL NULL is stored as NULL");
    }
    byte[] encoded = encodeKnown(value, column);
    if (encoded == null) {
      throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE, "cannot encrypt a value of type "
          + value.getClass().getName() + forColumn(column));
    }
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE, "value of type "
          + value.getClass().getName() + " is larger than 64 MiB" + forColumn(column));
    }
    return encoded;
  }

  /**
   * Decodes an encoding made by {@link #encode}.
   *
   * @return a new value of the type that was encoded; a {@code byte[]} is a fresh array
   * @throws EnvelopeException {@code INVALID_CIPHERTEXT} ("invalid plaintext encoding for t.c")
   *     for an unknown tag, a wrong length, or out-of-range fields
   */
  public static Object decode(byte[] encoded, ColumnRef column) throws SQLException {
    if (encoded == null || encoded.length < 1 || encoded.length > MAX_ENCODED_BYTES) {
      throw malformed(column, null);
    }
    ByteBuffer in = ByteBuffer.wrap(encoded, 1, encoded.length - 1);
    try {
      Object value = decodeBody(encoded[0], in, column);
      if (in.hasRemaining()) {
        throw malformed(column, null);
      }
      return value;
    } catch (CharacterCodingException e) {
      throw malformed(column, e);
    } catch (DateTimeException | ArithmeticException e) {
      // Not chained: these messages quote the out-of-range field, which is part of the value.
      throw malformed(column, null);
    }
  }

  private static byte[] encodeKnown(Object value, ColumnRef column) throws SQLException {
    if (value instanceof String s) {
      return tagged(STRING, utf8(s, column));
    } else if (value instanceof Integer i) {
      return allocate(INTEGER, 4).putInt(i).array();
    } else if (value instanceof Long l) {
      return allocate(LONG, 8).putLong(l).array();
    } else if (value instanceof Short s) {
      return allocate(SHORT, 2).putShort(s).array();
    } else if (value instanceof Byte b) {
      return allocate(BYTE, 1).put(b).array();
    } else if (value instanceof Boolean b) {
      return allocate(BOOLEAN, 1).put((byte) (b ? 1 : 0)).array();
    } else if (value instanceof Float f) {
      // floatToIntBits folds every NaN into one, so equal values encode equally.
      return allocate(FLOAT, 4).putInt(Float.floatToIntBits(f)).array();
    } else if (value instanceof Double d) {
      return allocate(DOUBLE, 8).putLong(Double.doubleToLongBits(d)).array();
    } else if (value instanceof BigDecimal d) {
      byte[] unscaled = d.unscaledValue().toByteArray();
      return allocate(BIG_DECIMAL, 4 + unscaled.length).putInt(d.scale()).put(unscaled).array();
    } else if (value instanceof BigInteger i) {
      return tagged(BIG_INTEGER, i.toByteArray());
    } else if (value instanceof byte[] b) {
      return tagged(BYTES, b);
    } else if (value instanceof Character c) {
      return allocate(CHARACTER, 2).putChar(c).array();
    } else if (value instanceof UUID u) {
      return allocate(UUID_VALUE, 16)
          .putLong(u.getMostSignificantBits())
          .putLong(u.getLeastSignificantBits())
          .array();
    }
    return encodeTemporal(value);
  }

  private static byte[] encodeTemporal(Object value) {
    // The java.sql types come first: they extend java.util.Date.
    if (value instanceof Timestamp t) {
      return putDateTime(allocate(SQL_TIMESTAMP, DATE_TIME_BYTES), t.toLocalDateTime()).array();
    } else if (value instanceof java.sql.Date d) {
      return putDate(allocate(SQL_DATE, DATE_BYTES), d.toLocalDate()).array();
    } else if (value instanceof Time t) {
      // Time.toLocalTime drops the milliseconds that a Time can carry; keep them.
      int nanos = (int) Math.floorMod(t.getTime(), 1000L) * 1_000_000;
      return putTime(allocate(SQL_TIME, TIME_BYTES), t.toLocalTime().withNano(nanos)).array();
    } else if (value instanceof java.util.Date d) {
      return allocate(UTIL_DATE, 8).putLong(d.getTime()).array();
    } else if (value instanceof LocalDate d) {
      return putDate(allocate(LOCAL_DATE, DATE_BYTES), d).array();
    } else if (value instanceof LocalTime t) {
      return putTime(allocate(LOCAL_TIME, TIME_BYTES), t).array();
    } else if (value instanceof LocalDateTime t) {
      return putDateTime(allocate(LOCAL_DATE_TIME, DATE_TIME_BYTES), t).array();
    } else if (value instanceof OffsetDateTime t) {
      return putDateTime(allocate(OFFSET_DATE_TIME, DATE_TIME_BYTES + 4), t.toLocalDateTime())
          .putInt(t.getOffset().getTotalSeconds())
          .array();
    } else if (value instanceof OffsetTime t) {
      return putTime(allocate(OFFSET_TIME, TIME_BYTES + 4), t.toLocalTime())
          .putInt(t.getOffset().getTotalSeconds())
          .array();
    } else if (value instanceof Instant t) {
      return allocate(INSTANT, 12).putLong(t.getEpochSecond()).putInt(t.getNano()).array();
    } else if (value instanceof ZonedDateTime t) {
      byte[] zone = t.getZone().getId().getBytes(StandardCharsets.UTF_8);
      if (zone.length > MAX_ZONE_ID_BYTES) {
        return null;
      }
      return putDateTime(allocate(ZONED_DATE_TIME, DATE_TIME_BYTES + 5 + zone.length),
          t.toLocalDateTime())
          .putInt(t.getOffset().getTotalSeconds())
          .put((byte) zone.length)
          .put(zone)
          .array();
    }
    return null;
  }

  private static Object decodeBody(byte tag, ByteBuffer in, ColumnRef column)
      throws SQLException, CharacterCodingException {
    switch (tag) {
      case STRING:
        return strictUtf8().decode(in).toString();
      case INTEGER:
        return need(in, 4, column).getInt();
      case LONG:
        return need(in, 8, column).getLong();
      case SHORT:
        return need(in, 2, column).getShort();
      case BYTE:
        return need(in, 1, column).get();
      case BOOLEAN:
        return decodeBoolean(need(in, 1, column).get(), column);
      case FLOAT:
        return Float.intBitsToFloat(need(in, 4, column).getInt());
      case DOUBLE:
        return Double.longBitsToDouble(need(in, 8, column).getLong());
      case BIG_DECIMAL:
        int scale = need(in, 5, column).getInt();
        return new BigDecimal(new BigInteger(rest(in)), scale);
      case BIG_INTEGER:
        return new BigInteger(rest(need(in, 1, column)));
      case BYTES:
        return rest(in);
      case CHARACTER:
        return need(in, 2, column).getChar();
      case UUID_VALUE:
        need(in, 16, column);
        return new UUID(in.getLong(), in.getLong());
      default:
        return decodeTemporal(tag, in, column);
    }
  }

  private static Object decodeTemporal(byte tag, ByteBuffer in, ColumnRef column)
      throws SQLException {
    switch (tag) {
      case SQL_TIMESTAMP:
        return Timestamp.valueOf(getDateTime(need(in, DATE_TIME_BYTES, column)));
      case SQL_DATE:
        return java.sql.Date.valueOf(getDate(need(in, DATE_BYTES, column)));
      case SQL_TIME:
        LocalTime local = getTime(need(in, TIME_BYTES, column));
        if (local.getNano() % 1_000_000 != 0) {
          throw malformed(column, null);
        }
        Time time = Time.valueOf(local);
        time.setTime(time.getTime() + local.getNano() / 1_000_000);
        return time;
      case UTIL_DATE:
        return new java.util.Date(need(in, 8, column).getLong());
      case LOCAL_DATE:
        return getDate(need(in, DATE_BYTES, column));
      case LOCAL_TIME:
        return getTime(need(in, TIME_BYTES, column));
      case LOCAL_DATE_TIME:
        return getDateTime(need(in, DATE_TIME_BYTES, column));
      case OFFSET_DATE_TIME:
        LocalDateTime dateTime = getDateTime(need(in, DATE_TIME_BYTES + 4, column));
        return OffsetDateTime.of(dateTime, ZoneOffset.ofTotalSeconds(in.getInt()));
      case OFFSET_TIME:
        LocalTime timeOfDay = getTime(need(in, TIME_BYTES + 4, column));
        return OffsetTime.of(timeOfDay, ZoneOffset.ofTotalSeconds(in.getInt()));
      case INSTANT:
        return Instant.ofEpochSecond(need(in, 12, column).getLong(), in.getInt());
      case ZONED_DATE_TIME:
        return decodeZoned(in, column);
      default:
        throw malformed(column, null);
    }
  }

  private static ZonedDateTime decodeZoned(ByteBuffer in, ColumnRef column) throws SQLException {
    LocalDateTime local = getDateTime(need(in, DATE_TIME_BYTES + 5, column));
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(in.getInt());
    int zoneLength = in.get() & 0xFF;
    byte[] zone = new byte[zoneLength];
    need(in, zoneLength, column).get(zone);
    ZoneId zoneId = ZoneId.of(new String(zone, StandardCharsets.UTF_8));
    // Keeps the instant even if the zone's rules changed since the value was written.
    return ZonedDateTime.ofInstant(local, offset, zoneId);
  }

  private static Boolean decodeBoolean(byte b, ColumnRef column) throws SQLException {
    if (b == 0) {
      return Boolean.FALSE;
    } else if (b == 1) {
      return Boolean.TRUE;
    }
    throw malformed(column, null);
  }

  private static ByteBuffer allocate(byte tag, int bodyLength) {
    return ByteBuffer.allocate(1 + bodyLength).put(tag);
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] out = new byte[1 + body.length];
    out[0] = tag;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static ByteBuffer putDate(ByteBuffer out, LocalDate date) {
    return out.putInt(date.getYear())
        .put((byte) date.getMonthValue())
        .put((byte) date.getDayOfMonth());
  }

  private static ByteBuffer putTime(ByteBuffer out, LocalTime time) {
    return out.put((byte) time.getHour())
        .put((byte) time.getMinute())
        .put((byte) time.getSecond())
        .putInt(time.getNano());
  }

  private static ByteBuffer putDateTime(ByteBuffer out, LocalDateTime dateTime) {
    return putTime(putDate(out, dateTime.toLocalDate()), dateTime.toLocalTime());
  }

  private static LocalDate getDate(ByteBuffer in) {
    return LocalDate.of(in.getInt(), in.get(), in.get());
  }

  private static LocalTime getTime(ByteBuffer in) {
    return LocalTime.of(in.get(), in.get(), in.get(), in.getInt());
  }

  private static LocalDateTime getDateTime(ByteBuffer in) {
    return LocalDateTime.of(getDate(in), getTime(in));
  }

  private static ByteBuffer need(ByteBuffer in, int length, ColumnRef column)
      throws SQLException {
    if (in.remaining() < length) {
      throw malformed(column, null);
    }
    return in;
  }

  private static byte[] rest(ByteBuffer in) {
    byte[] out = new byte[in.remaining()];
    in.get(out);
    return out;
  }

  private static byte[] utf8(String s, ColumnRef column) throws SQLException {
    try {
      ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      return Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
    } catch (CharacterCodingException e) {
      // A lone surrogate would otherwise become '?' silently; the cause holds no characters.
      throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE,
          "cannot encrypt a string with an unpaired surrogate" + forColumn(column), e);
    }
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static String forColumn(ColumnRef column) {
    return column == null ? "" : " for " + column;
  }

  private static EnvelopeException malformed(ColumnRef column, Throwable cause) {
    return new EnvelopeException(SqlState.INVALID_CIPHERTEXT,
        "invalid plaintext encoding" + forColumn(column), cause);
  }
}
