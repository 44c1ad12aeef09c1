package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ResultCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * A result set whose encrypted columns are decrypted on read. Plain columns, and every column of
 * a result set with no encrypted column at all, go straight to the real result set; an encrypted
 * column is read through its {@link ResultCodec} and the plaintext converted to what the getter
 * asks for by {@link ValueConversions}. Updating an encrypted column through the cursor is
 * refused.
 */
public final class EnvelopeResultSet extends ForwardingResultSet implements ResultSet {

  private final Statement owner;
  private final ResultCodec[] codecs;

  /** Whether the last getter went through a codec; then {@link #codecNull} answers wasNull. */
  private boolean codecRead;
  private boolean codecNull;

  /**
   * @param delegate the real result set
   * @param owner the Envelope statement that produced it, or {@code null} for catalog results
   * @param codecs the codec of each column indexed from 1, {@code null} for a plain column; or
   *     {@code null} when no column is encrypted
   */
  public EnvelopeResultSet(ResultSet delegate, Statement owner, ResultCodec[] codecs) {
    super(delegate);
    this.owner = owner;
    this.codecs = codecs;
  }

  @Override
  public Statement getStatement() {
    return owner;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    ResultSetMetaData meta = delegate.getMetaData();
    return meta == null ? null : new EnvelopeResultSetMetaData(meta);
  }

  @Override
  public boolean wasNull() throws SQLException {
    return codecRead ? codecNull : delegate.wasNull();
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getString(columnIndex);
    }
    return ValueConversions.toString(read(columnIndex), column(columnIndex));
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBoolean(columnIndex);
    }
    return ValueConversions.toBoolean(read(columnIndex), column(columnIndex));
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getByte(columnIndex);
    }
    return ValueConversions.toByte(read(columnIndex), column(columnIndex));
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getShort(columnIndex);
    }
    return ValueConversions.toShort(read(columnIndex), column(columnIndex));
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getInt(columnIndex);
    }
    return ValueConversions.toInt(read(columnIndex), column(columnIndex));
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getLong(columnIndex);
    }
    return ValueConversions.toLong(read(columnIndex), column(columnIndex));
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getFloat(columnIndex);
    }
    return ValueConversions.toFloat(read(columnIndex), column(columnIndex));
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getDouble(columnIndex);
    }
    return ValueConversions.toDouble(read(columnIndex), column(columnIndex));
  }

  @Deprecated
  @Override
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBigDecimal(columnIndex, scale);
    }
    return scaled(ValueConversions.toBigDecimal(read(columnIndex), column(columnIndex)), scale);
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBytes(columnIndex);
    }
    return ValueConversions.toBytes(read(columnIndex), column(columnIndex));
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getDate(columnIndex);
    }
    return ValueConversions.toDate(read(columnIndex), column(columnIndex));
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getTime(columnIndex);
    }
    return ValueConversions.toTime(read(columnIndex), column(columnIndex));
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getTimestamp(columnIndex);
    }
    return ValueConversions.toTimestamp(read(columnIndex), column(columnIndex));
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getAsciiStream(columnIndex);
    }
    return asciiStream(ValueConversions.toString(read(columnIndex), column(columnIndex)));
  }

  @Deprecated
  @Override
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getUnicodeStream(columnIndex);
    }
    throw unsupported(columnIndex, "a Unicode stream");
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBinaryStream(columnIndex);
    }
    return binaryStream(ValueConversions.toBytes(read(columnIndex), column(columnIndex)));
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getString(columnLabel);
    }
    return getString(findColumn(columnLabel));
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getBoolean(columnLabel);
    }
    return getBoolean(findColumn(columnLabel));
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getByte(columnLabel);
    }
    return getByte(findColumn(columnLabel));
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getShort(columnLabel);
    }
    return getShort(findColumn(columnLabel));
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getInt(columnLabel);
    }
    return getInt(findColumn(columnLabel));
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getLong(columnLabel);
    }
    return getLong(findColumn(columnLabel));
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getFloat(columnLabel);
    }
    return getFloat(findColumn(columnLabel));
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getDouble(columnLabel);
    }
    return getDouble(findColumn(columnLabel));
  }

  @Deprecated
  @Override
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    if (codecs == null) {
      return delegate.getBigDecimal(columnLabel, scale);
    }
    return getBigDecimal(findColumn(columnLabel), scale);
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getBytes(columnLabel);
    }
    return getBytes(findColumn(columnLabel));
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getDate(columnLabel);
    }
    return getDate(findColumn(columnLabel));
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getTime(columnLabel);
    }
    return getTime(findColumn(columnLabel));
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getTimestamp(columnLabel);
    }
    return getTimestamp(findColumn(columnLabel));
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getAsciiStream(columnLabel);
    }
    return getAsciiStream(findColumn(columnLabel));
  }

  @Deprecated
  @Override
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getUnicodeStream(columnLabel);
    }
    return getUnicodeStream(findColumn(columnLabel));
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getBinaryStream(columnLabel);
    }
    return getBinaryStream(findColumn(columnLabel));
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getObject(columnIndex);
    }
    return read(columnIndex);
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getObject(columnLabel);
    }
    return getObject(findColumn(columnLabel));
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getCharacterStream(columnIndex);
    }
    return reader(ValueConversions.toString(read(columnIndex), column(columnIndex)));
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getCharacterStream(columnLabel);
    }
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBigDecimal(columnIndex);
    }
    return ValueConversions.toBigDecimal(read(columnIndex), column(columnIndex));
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getBigDecimal(columnLabel);
    }
    return getBigDecimal(findColumn(columnLabel));
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getObject(columnIndex, map);
    }
    return read(columnIndex);
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getRef(columnIndex);
    }
    throw unsupported(columnIndex, "a REF");
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getBlob(columnIndex);
    }
    return blob(ValueConversions.toBytes(read(columnIndex), column(columnIndex)));
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getClob(columnIndex);
    }
    return clob(ValueConversions.toString(read(columnIndex), column(columnIndex)));
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getArray(columnIndex);
    }
    throw unsupported(columnIndex, "an ARRAY");
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    if (codecs == null) {
      return delegate.getObject(columnLabel, map);
    }
    return getObject(findColumn(columnLabel), map);
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getRef(columnLabel);
    }
    return getRef(findColumn(columnLabel));
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getBlob(columnLabel);
    }
    return getBlob(findColumn(columnLabel));
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getClob(columnLabel);
    }
    return getClob(findColumn(columnLabel));
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getArray(columnLabel);
    }
    return getArray(findColumn(columnLabel));
  }

  @Override
  public Date getDate(int columnIndex, Calendar cal) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getDate(columnIndex, cal);
    }
    return CalendarConversions.date(read(columnIndex), cal, column(columnIndex));
  }

  @Override
  public Date getDate(String columnLabel, Calendar cal) throws SQLException {
    if (codecs == null) {
      return delegate.getDate(columnLabel, cal);
    }
    return getDate(findColumn(columnLabel), cal);
  }

  @Override
  public Time getTime(int columnIndex, Calendar cal) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getTime(columnIndex, cal);
    }
    return CalendarConversions.time(read(columnIndex), cal, column(columnIndex));
  }

  @Override
  public Time getTime(String columnLabel, Calendar cal) throws SQLException {
    if (codecs == null) {
      return delegate.getTime(columnLabel, cal);
    }
    return getTime(findColumn(columnLabel), cal);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getTimestamp(columnIndex, cal);
    }
    return CalendarConversions.timestamp(read(columnIndex), cal, column(columnIndex));
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    if (codecs == null) {
      return delegate.getTimestamp(columnLabel, cal);
    }
    return getTimestamp(findColumn(columnLabel), cal);
  }

  @Override
  public URL getURL(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getURL(columnIndex);
    }
    throw unsupported(columnIndex, "a URL");
  }

  @Override
  public URL getURL(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getURL(columnLabel);
    }
    return getURL(findColumn(columnLabel));
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getRowId(columnIndex);
    }
    throw unsupported(columnIndex, "a ROWID");
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getRowId(columnLabel);
    }
    return getRowId(findColumn(columnLabel));
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getNClob(columnIndex);
    }
    throw unsupported(columnIndex, "an NClob");
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getNClob(columnLabel);
    }
    return getNClob(findColumn(columnLabel));
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getSQLXML(columnIndex);
    }
    throw unsupported(columnIndex, "SQLXML");
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getSQLXML(columnLabel);
    }
    return getSQLXML(findColumn(columnLabel));
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getNString(columnIndex);
    }
    return ValueConversions.toString(read(columnIndex), column(columnIndex));
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getNString(columnLabel);
    }
    return getNString(findColumn(columnLabel));
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getNCharacterStream(columnIndex);
    }
    return reader(ValueConversions.toString(read(columnIndex), column(columnIndex)));
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    if (codecs == null) {
      return delegate.getNCharacterStream(columnLabel);
    }
    return getNCharacterStream(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (plain(columnIndex)) {
      return delegate.getObject(columnIndex, type);
    }
    return ValueConversions.convert(read(columnIndex), type, column(columnIndex));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    if (codecs == null) {
      return delegate.getObject(columnLabel, type);
    }
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }

  @Override
  int updatable(int columnIndex) throws SQLException {
    if (!plain(columnIndex)) {
      throw unsupported(columnIndex, "an update through the result set");
    }
    return columnIndex;
  }

  @Override
  String updatable(String columnLabel) throws SQLException {
    if (codecs != null) {
      updatable(findColumn(columnLabel));
    }
    return columnLabel;
  }

  /** Whether a column is read as it is; also forgets that the last read went through a codec. */
  private boolean plain(int columnIndex) {
    if (codecs == null || columnIndex < 1 || columnIndex >= codecs.length
        || codecs[columnIndex] == null) {
      codecRead = false;
      return true;
    }
    return false;
  }

  /** Decrypts the value of an encrypted column in the current row; {@code null} for SQL NULL. */
  private Object read(int columnIndex) throws SQLException {
    Object value = codecs[columnIndex].read(delegate, columnIndex);
    codecRead = true;
    codecNull = value == null;
    return value;
  }

  private ColumnRef column(int columnIndex) {
    return codecs[columnIndex].column();
  }

  private EnvelopeException unsupported(int columnIndex, String what) {
    return new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED, column(columnIndex)
        + " is encrypted: " + what + " is not supported on it");
  }

  private static BigDecimal scaled(BigDecimal value, int scale) {
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
  }

  private static InputStream asciiStream(String value) {
    return value == null ? null
        : new ByteArrayInputStream(value.getBytes(StandardCharsets.US_ASCII));
  }

  private static InputStream binaryStream(byte[] value) {
    return value == null ? null : new ByteArrayInputStream(value);
  }

  private static Reader reader(String value) {
    return value == null ? null : new StringReader(value);
  }

  private static Blob blob(byte[] value) throws SQLException {
    return value == null ? null : new SerialBlob(value);
  }

  private static Clob clob(String value) throws SQLException {
    return value == null ? null : new SerialClob(value.toCharArray());
  }
}
