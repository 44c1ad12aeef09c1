package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Converts a decrypted value, of the Java type it was written with, to the type a getter asks
 * for, the way JDBC drivers convert column values: numbers to numbers within range (fractions
 * truncated toward zero), numbers and dates from their text, dates and times between the
 * {@code java.sql} and {@code java.time} types. SQL NULL gives {@code null}, or 0 and
 * {@code false} for primitive getters.
 *
 * <p>A value that cannot be converted raises {@link SqlState#TYPE_MISMATCH} with a message that
 * names the column and both types, never the value. For the same reason a parse failure is not
 * chained as the cause: its message quotes the text it could not parse.
 */
public final class ValueConversions {

  private ValueConversions() {
  }

  public static String toString(Object value, ColumnRef column) throws SQLException {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    if (value instanceof byte[]) {
      throw mismatch(value, "String", column);
    }
    return value.toString();
  }

  public static boolean toBoolean(Object value, ColumnRef column) throws SQLException {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number || value instanceof String) {
      BigDecimal number = value instanceof String ? parseBoolean((String) value)
          : toBigDecimal(value, column);
      if (number != null && number.signum() == 0) {
        return false;
      }
      if (number != null && number.compareTo(BigDecimal.ONE) == 0) {
        return true;
      }
    }
    throw mismatch(value, "boolean", column);
  }

  public static byte toByte(Object value, ColumnRef column) throws SQLException {
    return (byte) integral(value, "byte", Byte.MIN_VALUE, Byte.MAX_VALUE, column);
  }

  public static short toShort(Object value, ColumnRef column) throws SQLException {
    return (short) integral(value, "short", Short.MIN_VALUE, Short.MAX_VALUE, column);
  }

  public static int toInt(Object value, ColumnRef column) throws SQLException {
    return (int) integral(value, "int", Integer.MIN_VALUE, Integer.MAX_VALUE, column);
  }

  public static long toLong(Object value, ColumnRef column) throws SQLException {
    return integral(value, "long", Long.MIN_VALUE, Long.MAX_VALUE, column);
  }

  public static float toFloat(Object value, ColumnRef column) throws SQLException {
    if (value instanceof Float) {
      return (Float) value;
    }
    double number = toDouble(value, column);
    if (Double.isFinite(number) && Math.abs(number) > Float.MAX_VALUE) {
      throw mismatch(value, "float", column);
    }
    return (float) number;
  }

  public static double toDouble(Object value, ColumnRef column) throws SQLException {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException notANumber) {
        throw mismatch(value, "double", column);
      }
    }
    throw mismatch(value, "double", column);
  }

  public static BigDecimal toBigDecimal(Object value, ColumnRef column)
      throws SQLException {
    if (value == null || value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (!Double.isFinite(number)) {
        throw mismatch(value, "BigDecimal", column);
      }
      return value instanceof Float ? new BigDecimal(value.toString())
          : BigDecimal.valueOf(number);
    }
    if (value instanceof Boolean) {
      return (Boolean) value ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof String) {
      try {
        return new BigDecimal(((String) value).trim());
      } catch (NumberFormatException notANumber) {
        throw mismatch(value, "BigDecimal", column);
      }
    }
    throw mismatch(value, "BigDecimal", column);
  }

  public static byte[] toBytes(Object value, ColumnRef column) throws SQLException {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw mismatch(value, "byte[]", column);
  }

  public static Date toDate(Object value, ColumnRef column) throws SQLException {
    if (value == null || value instanceof Date) {
      return (Date) value;
    }
    LocalDate date = TemporalConversions.toLocalDate(value);
    if (date == null) {
      throw mismatch(value, "Date", column);
    }
    return Date.valueOf(date);
  }

  public static Time toTime(Object value, ColumnRef column) throws SQLException {
    if (value == null || value instanceof Time) {
      return (Time) value;
    }
    LocalTime time = TemporalConversions.toLocalTime(value);
    if (time == null) {
      throw mismatch(value, "Time", column);
    }
    return Time.valueOf(time);
  }

  public static Timestamp toTimestamp(Object value, ColumnRef column) throws SQLException {
    if (value == null || value instanceof Timestamp) {
      return (Timestamp) value;
    }
    if (value instanceof Instant || value instanceof OffsetDateTime) {
      return Timestamp.from(TemporalConversions.toInstant(value));
    }
    LocalDateTime dateTime = TemporalConversions.toLocalDateTime(value);
    if (dateTime == null) {
      throw mismatch(value, "Timestamp", column);
    }
    return Timestamp.valueOf(dateTime);
  }

  /**
   * The conversion behind {@code getObject(int, Class)}: the value itself when it already has
   * the type, else the conversion of the matching getter or of {@code java.time}.
   */
  public static <T> T convert(Object value, Class<T> type, ColumnRef column)
      throws SQLException {
    if (value == null) {
      return null;
    }
    Class<?> target = boxed(type);
    Object converted = target.isInstance(value) ? value : convertTo(value, target, column);
    @SuppressWarnings("unchecked")
    T result = (T) converted;
    return result;
  }

  private static Object convertTo(Object value, Class<?> target, ColumnRef column)
      throws SQLException {
    Object converted = convertScalar(value, target, column);
    if (converted == null) {
      converted = convertTemporal(value, target);
    }
    if (converted == null) {
      throw mismatch(value, target.getSimpleName(), column);
    }
    return converted;
  }

  /** Text, numbers, bytes, java.sql dates; {@code null} when the target is none of them. */
  private static Object convertScalar(Object value, Class<?> target, ColumnRef column)
      throws SQLException {
    if (target == String.class) {
      return toString(value, column);
    } else if (target == Integer.class) {
      return toInt(value, column);
    } else if (target == Long.class) {
      return toLong(value, column);
    } else if (target == Short.class) {
      return toShort(value, column);
    } else if (target == Byte.class) {
      return toByte(value, column);
    } else if (target == Boolean.class) {
      return toBoolean(value, column);
    } else if (target == Float.class) {
      return toFloat(value, column);
    } else if (target == Double.class) {
      return toDouble(value, column);
    } else if (target == BigDecimal.class) {
      return toBigDecimal(value, column);
    } else if (target == BigInteger.class) {
      return truncated(value, "BigInteger", column);
    } else if (target == byte[].class) {
      return toBytes(value, column);
    } else if (target == UUID.class) {
      return toUuid(value, column);
    } else if (target == Date.class) {
      return toDate(value, column);
    } else if (target == Time.class) {
      return toTime(value, column);
    } else if (target == Timestamp.class) {
      return toTimestamp(value, column);
    }
    return null;
  }

  /** java.time values; {@code null} when the target is none of them or the value does not fit. */
  private static Object convertTemporal(Object value, Class<?> target) {
    if (target == LocalDate.class) {
      return TemporalConversions.toLocalDate(value);
    } else if (target == LocalTime.class) {
      return TemporalConversions.toLocalTime(value);
    } else if (target == LocalDateTime.class) {
      return TemporalConversions.toLocalDateTime(value);
    } else if (target == OffsetDateTime.class) {
      return TemporalConversions.toOffsetDateTime(value);
    } else if (target == Instant.class) {
      return TemporalConversions.toInstant(value);
    }
    return null;
  }

  private static long integral(Object value, String typeName, long min, long max,
      ColumnRef column) throws SQLException {
    if (value == null) {
      return 0;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      long number = ((Number) value).longValue();
      if (number < min || number > max) {
        throw mismatch(value, typeName, column);
      }
      return number;
    }
    BigInteger number = truncated(value, typeName, column);
    if (number.compareTo(BigInteger.valueOf(min)) < 0
        || number.compareTo(BigInteger.valueOf(max)) > 0) {
      throw mismatch(value, typeName, column);
    }
    return number.longValue();
  }

  private static BigInteger truncated(Object value, String typeName, ColumnRef column)
      throws SQLException {
    if (value instanceof BigInteger) {
      return (BigInteger) value;
    }
    if (value instanceof byte[] || value instanceof java.util.Date
        || value instanceof java.time.temporal.Temporal) {
      throw mismatch(value, typeName, column);
    }
    try {
      return toBigDecimal(value, column).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
    } catch (EnvelopeException notANumber) {
      throw mismatch(value, typeName, column);
    }
  }

  private static UUID toUuid(Object value, ColumnRef column) throws SQLException {
    if (value instanceof String) {
      try {
        return UUID.fromString(((String) value).trim());
      } catch (IllegalArgumentException notAUuid) {
        throw mismatch(value, "UUID", column);
      }
    }
    if (value instanceof byte[] && ((byte[]) value).length == 16) {
      ByteBuffer bytes = ByteBuffer.wrap((byte[]) value);
      return new UUID(bytes.getLong(), bytes.getLong());
    }
    throw mismatch(value, "UUID", column);
  }

  /** A boolean's text as 0 or 1, or {@code null} when it is not one. */
  private static BigDecimal parseBoolean(String text) {
    String word = text.trim();
    if (word.equalsIgnoreCase("true") || word.equals("1")) {
      return BigDecimal.ONE;
    }
    if (word.equalsIgnoreCase("false") || word.equals("0")) {
      return BigDecimal.ZERO;
    }
    return null;
  }

  private static Class<?> boxed(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    } else if (type == int.class) {
      return Integer.class;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    }
    return type;
  }

  static EnvelopeException mismatch(Object value, String typeName, ColumnRef column) {
    return new EnvelopeException(SqlState.TYPE_MISMATCH, "cannot read " + column + " as "
        + typeName + ": the stored value is " + value.getClass().getSimpleName());
  }
}
