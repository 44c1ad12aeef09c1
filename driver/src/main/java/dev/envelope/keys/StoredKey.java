package dev.envelope.keys;

import dev.envelope.ColumnRef;

/**
 * One row of {@code envelope_keys}: a wrapped data key. The wrapped key is not secret without
 * the master key, yet {@link #toString()} shows only its length.
 */
public record StoredKey(ColumnRef column, int version, String masterKeyId, byte[] encryptedKey) {

  public StoredKey {
    encryptedKey = encryptedKey.clone();
  }

  @Override
  public byte[] encryptedKey() {
    return encryptedKey.clone();
  }

  @Override
  public String toString() {
    return "StoredKey[" + column + " v" + version + ", masterKeyId=" + masterKeyId + ", "
        + encryptedKey.length + " bytes]";
  }
}
