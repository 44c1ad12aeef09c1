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

  /** The cipher that decrypted last: most values of a column share one key version. */
  private volatile ColumnCipher lastDecryption;

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
    byte[] plaintext = cipherFor(CiphertextFormat.keyVersion(ciphertext, column))
        .decrypt(ciphertext);
    try {
      return ValueCodec.decode(plaintext, column);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private ColumnCipher cipherFor(int version) throws SQLException {
    ColumnCipher cipher = lastDecryption;
    if (cipher == null || cipher.keyVersion() != version) {
      cipher = keys.forDecryption(column, version);
      lastDecryption = cipher;
    }
    return cipher;
  }

  @Override
  public String toString() {
    return "ColumnCodec[" + column + ", " + mode + ", " + storage + "]";
  }
}
