package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ExecutionPlan;
import dev.envelope.engine.ParameterCodec;
import dev.envelope.engine.Planner;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement whose parameters of annotated columns are encrypted as they are bound.
 * The plan is fixed when the statement is prepared; each setter asks it whether its parameter is
 * encrypted. A plain parameter goes to the real statement untouched; an encrypted one is handed,
 * as the Java value the application bound, to the parameter's codec, which binds ciphertext.
 *
 * <p>Binds that the encryption cannot honour on an encrypted parameter are refused: REF,
 * ARRAY, ROWID, URL and SQLXML values. A {@code Calendar} bind encrypts the wall-clock value
 * that a plain column would store (see {@link CalendarConversions}). Streams and LOBs are read
 * whole, up to {@link LobReader#MAX_LENGTH}.
 */
public class EnvelopePreparedStatement extends EnvelopeStatement implements PreparedStatement {

  private final PreparedStatement prepared;
  private final ExecutionPlan plan;

  EnvelopePreparedStatement(EnvelopeConnection connection, PreparedStatement prepared,
      Planner planner, ExecutionPlan plan) {
    super(connection, prepared, planner, plan);
    this.prepared = prepared;
    this.plan = plan;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return wrap(run(plan, prepared::executeQuery));
  }

  @Override
  public int executeUpdate() throws SQLException {
    return run(plan, prepared::executeUpdate);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return run(plan, prepared::executeLargeUpdate);
  }

  @Override
  public boolean execute() throws SQLException {
    return run(plan, prepared::execute);
  }

  @Override
  public void addBatch() throws SQLException {
    prepared.addBatch();
    batched(plan);
  }

  @Override
  public void clearParameters() throws SQLException {
    prepared.clearParameters();
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    ResultSetMetaData meta = prepared.getMetaData();
    return meta == null ? null : new EnvelopeResultSetMetaData(meta);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return prepared.getParameterMetaData();
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNull(parameterIndex, sqlType);
    } else {
      bindEncrypted(parameterIndex, null);
    }
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBoolean(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setByte(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setShort(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setInt(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setLong(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setFloat(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setDouble(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBigDecimal(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setString(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBytes(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setDate(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setTime(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setTimestamp(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, x);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setAsciiStream(parameterIndex, x, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.ascii(x, length, column(parameterIndex)));
    }
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setUnicodeStream(parameterIndex, x, length);
    } else {
      throw unsupported(parameterIndex, "a Unicode stream");
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBinaryStream(parameterIndex, x, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(x, length, column(parameterIndex)));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setObject(parameterIndex, x, targetSqlType);
    } else {
      bindEncrypted(parameterIndex, LobReader.materialize(x, column(parameterIndex)));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setObject(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, LobReader.materialize(x, column(parameterIndex)));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader,
      int length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setCharacterStream(parameterIndex, reader, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, length, column(parameterIndex)));
    }
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setRef(parameterIndex, x);
    } else {
      throw unsupported(parameterIndex, "a REF");
    }
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBlob(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(x, column(parameterIndex)));
    }
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setClob(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(x, column(parameterIndex)));
    }
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setArray(parameterIndex, x);
    } else {
      throw unsupported(parameterIndex, "an ARRAY");
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setDate(parameterIndex, x, cal);
    } else {
      bindEncrypted(parameterIndex, CalendarConversions.toWallClock(x, cal));
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setTime(parameterIndex, x, cal);
    } else {
      bindEncrypted(parameterIndex, CalendarConversions.toWallClock(x, cal));
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setTimestamp(parameterIndex, x, cal);
    } else {
      bindEncrypted(parameterIndex, CalendarConversions.toWallClock(x, cal));
    }
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNull(parameterIndex, sqlType, typeName);
    } else {
      bindEncrypted(parameterIndex, null);
    }
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setURL(parameterIndex, x);
    } else {
      throw unsupported(parameterIndex, "a URL");
    }
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setRowId(parameterIndex, x);
    } else {
      throw unsupported(parameterIndex, "a ROWID");
    }
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNString(parameterIndex, value);
    } else {
      bindEncrypted(parameterIndex, value);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value,
      long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNCharacterStream(parameterIndex, value, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(value, length, column(parameterIndex)));
    }
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNClob(parameterIndex, value);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(value, column(parameterIndex)));
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setClob(parameterIndex, reader, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, length, column(parameterIndex)));
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream,
      long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBlob(parameterIndex, inputStream, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(inputStream, length, column(parameterIndex)));
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNClob(parameterIndex, reader, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, length, column(parameterIndex)));
    }
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setSQLXML(parameterIndex, xmlObject);
    } else {
      throw unsupported(parameterIndex, "SQLXML");
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType,
      int scaleOrLength) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } else {
      bindEncrypted(parameterIndex, LobReader.materialize(x, column(parameterIndex)));
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setAsciiStream(parameterIndex, x, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.ascii(x, length, column(parameterIndex)));
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBinaryStream(parameterIndex, x, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(x, length, column(parameterIndex)));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader,
      long length) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setCharacterStream(parameterIndex, reader, length);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, length, column(parameterIndex)));
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setAsciiStream(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, LobReader.ascii(x, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBinaryStream(parameterIndex, x);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(x, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setCharacterStream(parameterIndex, reader);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNCharacterStream(parameterIndex, value);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(value, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setClob(parameterIndex, reader);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setBlob(parameterIndex, inputStream);
    } else {
      bindEncrypted(parameterIndex, LobReader.bytes(inputStream, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setNClob(parameterIndex, reader);
    } else {
      bindEncrypted(parameterIndex, LobReader.chars(reader, -1, column(parameterIndex)));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType,
      int scaleOrLength) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } else {
      bindEncrypted(parameterIndex, LobReader.materialize(x, column(parameterIndex)));
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    if (plain(parameterIndex)) {
      prepared.setObject(parameterIndex, x, targetSqlType);
    } else {
      bindEncrypted(parameterIndex, LobReader.materialize(x, column(parameterIndex)));
    }
  }

  /** The plan fixed at prepare time. */
  final ExecutionPlan plan() {
    return plan;
  }

  /** Whether a parameter is plain, so that its setter goes to the real statement untouched. */
  private boolean plain(int parameterIndex) {
    return plan.parameter(parameterIndex) == null;
  }

  /**
   * The one place where an encrypted parameter is bound: its codec encrypts the value and binds
   * the ciphertext, or binds SQL NULL when the value is {@code null}.
   */
  private void bindEncrypted(int parameterIndex, Object value) throws SQLException {
    ParameterCodec codec = plan.parameter(parameterIndex);
    if (value == null) {
      codec.bindNull(prepared, parameterIndex);
    } else {
      codec.bind(prepared, parameterIndex, value);
    }
  }

  private ColumnRef column(int parameterIndex) {
    return plan.parameter(parameterIndex).column();
  }

  private EnvelopeException unsupported(int parameterIndex, String what) {
    return new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED, column(parameterIndex)
        + " is encrypted: binding " + what + " to it is not supported");
  }
}
