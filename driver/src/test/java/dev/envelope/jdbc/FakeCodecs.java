package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ParameterCodec;
import dev.envelope.engine.ResultCodec;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Codecs that "encrypt" by writing {@code enc:<type>:<text>} into a text column, so that tests
 * can see on the raw database what was bound and get the written Java type back on read.
 */
final class FakeCodecs {

  static final String PREFIX = "enc:";

  private FakeCodecs() {
  }

  /** One bind the parameter codec saw: a {@code null} value stands for {@code bindNull}. */
  record Bound(int index, Object value) {
  }

  static final class Parameter implements ParameterCodec {

    private final ColumnRef column;
    final List<Bound> bound = new ArrayList<>();

    Parameter(String table, String column) {
      this.column = new ColumnRef(table, column);
    }

    @Override
    public ColumnRef column() {
      return column;
    }

    @Override
    public void bind(PreparedStatement target, int index, Object value) throws SQLException {
      bound.add(new Bound(index, value));
      target.setString(index, encode(value));
    }

    @Override
    public void bindNull(PreparedStatement target, int index) throws SQLException {
      bound.add(new Bound(index, null));
      target.setNull(index, Types.VARCHAR);
    }

    Object lastValue() {
      return bound.get(bound.size() - 1).value();
    }
  }

  static final class Result implements ResultCodec {

    private final ColumnRef column;
    int reads;

    Result(String table, String column) {
      this.column = new ColumnRef(table, column);
    }

    @Override
    public ColumnRef column() {
      return column;
    }

    @Override
    public Object read(ResultSet source, int index) throws SQLException {
      reads++;
      String stored = source.getString(index);
      return stored == null ? null : decode(stored, column);
    }
  }

  static String encode(Object value) {
    String text = value instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) value)
        : value.toString();
    return PREFIX + value.getClass().getSimpleName() + ":" + text;
  }

  static Object decode(String stored, ColumnRef column) throws SQLException {
    if (!stored.startsWith(PREFIX)) {
      throw new EnvelopeException(SqlState.INVALID_CIPHERTEXT, "invalid ciphertext for " + column);
    }
    int colon = stored.indexOf(':', PREFIX.length());
    String type = stored.substring(PREFIX.length(), colon);
    String text = stored.substring(colon + 1);
    switch (type) {
      case "String":
        return text;
      case "Integer":
        return Integer.valueOf(text);
      case "Long":
        return Long.valueOf(text);
      case "Short":
        return Short.valueOf(text);
      case "Byte":
        return Byte.valueOf(text);
      case "Boolean":
        return Boolean.valueOf(text);
      case "Float":
        return Float.valueOf(text);
      case "Double":
        return Double.valueOf(text);
      case "BigDecimal":
        return new BigDecimal(text);
      case "byte[]":
        return Base64.getDecoder().decode(text);
      case "Date":
        return Date.valueOf(text);
      case "Time":
        return Time.valueOf(text);
      case "Timestamp":
        return Timestamp.valueOf(text);
      case "LocalDate":
        return LocalDate.parse(text);
      case "LocalDateTime":
        return LocalDateTime.parse(text);
      default:
        throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE, "fake codec: no type " + type);
    }
  }
}
