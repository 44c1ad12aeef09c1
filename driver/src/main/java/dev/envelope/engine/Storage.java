package dev.envelope.engine;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;

/** How a column holds ciphertext: raw bytes in a binary column, base64 in a text column. */
enum Storage {

  BINARY(Types.VARBINARY) {
    @Override
    void bind(PreparedStatement target, int index, byte[] ciphertext) throws SQLException {
      target.setBytes(index, ciphertext);
    }

    @Override
    byte[] read(ResultSet source, int index, ColumnRef column) throws SQLException {
      return source.getBytes(index);
    }
  },

  TEXT(Types.VARCHAR) {
    @Override
    void bind(PreparedStatement target, int index, byte[] ciphertext) throws SQLException {
      target.setString(index, Base64.getEncoder().encodeToString(ciphertext));
    }

    @Override
    byte[] read(ResultSet source, int index, ColumnRef column) throws SQLException {
      String text = source.getString(index);
      if (text == null) {
        return null;
      }
      try {
        return Base64.getDecoder().decode(text.trim());
      } catch (IllegalArgumentException e) {
        throw new EnvelopeException(SqlState.INVALID_CIPHERTEXT,
            "invalid ciphertext for " + column + ": not base64", e);
      }
    }
  };

  private final int nullType;

  Storage(int nullType) {
    this.nullType = nullType;
  }

  /** Binds a ciphertext. */
  abstract void bind(PreparedStatement target, int index, byte[] ciphertext) throws SQLException;

  /** Reads a ciphertext, or {@code null} for SQL NULL. */
  abstract byte[] read(ResultSet source, int index, ColumnRef column) throws SQLException;

  /** Binds SQL NULL. */
  void bindNull(PreparedStatement target, int index) throws SQLException {
    target.setNull(index, nullType);
  }

  /** The storage for a column of this JDBC type. */
  static Storage of(ColumnRef column, int sqlType) throws EnvelopeException {
    switch (sqlType) {
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return BINARY;
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return TEXT;
      default:
        throw new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED, column + " has SQL type "
            + typeName(sqlType) + ", which cannot hold ciphertext; use a binary column"
            + " (VARBINARY, BYTEA) or a text column (VARCHAR, TEXT)");
    }
  }

  private static String typeName(int sqlType) {
    try {
      return JDBCType.valueOf(sqlType).getName();
    } catch (IllegalArgumentException e) {
      return "#" + sqlType;
    }
  }
}
