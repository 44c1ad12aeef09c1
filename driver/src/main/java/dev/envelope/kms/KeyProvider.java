package dev.envelope.kms;

import dev.envelope.ColumnRef;
import java.sql.SQLException;

/**
 * Where master keys live: makes data keys and unwraps them, always under the encryption context
 * {@code {"table": <table>, "column": <column>}} of the column the key belongs to, so a wrapped
 * key unwraps only for the column it was made for. Implementations are thread-safe; Envelope
 * calls them once per data key, never per row.
 */
public interface KeyProvider extends AutoCloseable {

  /** A short name for logs and errors: {@code local}, {@code aws}. */
  String name();

  /**
   * Makes a new 256-bit data key for a column (KMS {@code GenerateDataKey}, {@code AES_256}).
   *
   * @throws dev.envelope.EnvelopeException with {@code KEY_UNAVAILABLE} when the provider fails
   */
  GeneratedDataKey generateDataKey(ColumnRef column) throws SQLException;

  /**
   * Unwraps a stored data key (KMS {@code Decrypt}) under the column's encryption context.
   *
   * @param masterKeyId the {@code master_key_id} stored with the key
   * @param encryptedKey the stored {@code encrypted_key}
   * @return the 32-byte plaintext key; the caller owns the array and zeroes it when done
   * @throws dev.envelope.EnvelopeException with {@code KEY_INVALID} when the wrapped key does not
   *     unwrap under this context and master key, {@code KEY_UNAVAILABLE} when the provider fails
   */
  byte[] decryptDataKey(ColumnRef column, String masterKeyId, byte[] encryptedKey)
      throws SQLException;

  @Override
  default void close() {
    // Providers without resources have nothing to release.
  }
}
