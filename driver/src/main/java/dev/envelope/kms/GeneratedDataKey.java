package dev.envelope.kms;

import java.util.Arrays;
import java.util.Objects;

/**
 * A new data key as a key provider returns it: the plaintext to use and forget, the wrapped
 * copy to store, and the id of the master key that wrapped it. {@link #toString()} shows neither
 * key.
 */
public final class GeneratedDataKey {

  private final byte[] plaintextKey;
  private final byte[] encryptedKey;
  private final String masterKeyId;

  public GeneratedDataKey(byte[] plaintextKey, byte[] encryptedKey, String masterKeyId) {
    this.plaintextKey = plaintextKey.clone();
    this.encryptedKey = encryptedKey.clone();
    this.masterKeyId = Objects.requireNonNull(masterKeyId, "masterKeyId");
  }

  /** A copy of the 32-byte plaintext key; the caller zeroes it when done. */
  public byte[] plaintextKey() {
    return plaintextKey.clone();
  }

  /** A copy of the wrapped key, as stored in {@code envelope_keys.encrypted_key}. */
  public byte[] encryptedKey() {
    return encryptedKey.clone();
  }

  /** The master key id, as stored in {@code envelope_keys.master_key_id}. */
  public String masterKeyId() {
    return masterKeyId;
  }

  /** Overwrites the plaintext key held here. */
  public void destroy() {
    Arrays.fill(plaintextKey, (byte) 0);
  }

  @Override
  public String toString() {
    return "GeneratedDataKey[masterKeyId=" + masterKeyId + ", encryptedKey="
        + encryptedKey.length + " bytes]";
  }
}
