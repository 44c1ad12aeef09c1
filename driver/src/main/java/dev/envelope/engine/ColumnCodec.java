package dev.envelope.engine;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.CiphertextFormat;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.crypto.EncryptionMode;
import dev.envelope.crypto.ValueCodec;
import dev.envelope.keys.KeyRing;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Encrypts and decrypts the values of one annotated column: typed encoding, the column cipher of
 * the right key version, and the column's storage. One per column, shared by all plans.
 */
final class ColumnCodec implements ParameterCodec, ResultCodec {

  private final ColumnRef column;
  private final EncryptionMode mode;
  private final Storage storage;
  private final KeyRing keys;

  ColumnCodec(ColumnRef column, EncryptionMode mode, Storage storage, KeyRing keys) {
    this.column = column;
    this.mode = mode;
    this.storage = storage;
    this.keys = keys;
  }

  @Override
  public ColumnRef column() {
    return column;
  }

  @Override
  public void bind(PreparedStatement target, int index, Object value) throws SQLException {
    byte[] plaintext = ValueCodec.encode(value, column);
    try {
      storage.bind(target, index, keys.forEncryption(column).encrypt(mode, plaintext));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  @Override
  public void bindNull(PreparedStatement target, int index) throws SQLException {
    storage.bindNull(target, index);
  }

  @Override
  public Object read(ResultSet source, int index) throws SQLException {
    byte[] ciphertext = storage.read(source, index, column);
    if (ciphertext == null) {
      return null;
    }
    // Asked per value, not remembered here: the key cache owns lifetime and revocation.
    ColumnCipher cipher = keys.forDecryption(column,
        CiphertextFormat.keyVersion(ciphertext, column));
    byte[] plaintext = cipher.decrypt(ciphertext);
    try {
      return ValueCodec.decode(plaintext, column);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ColumnCodec[" + column + ", " + mode + ", " + storage + "]";
  }
}
