package dev.envelope.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.XAesGcmKey;
import com.google.crypto.tink.aead.XAesGcmParameters;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.daead.DeterministicAeadConfig;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.util.SecretBytes;
import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts and decrypts the values of one column under one data key version, in the layout of
 * {@link CiphertextFormat}. Immutable and thread-safe; make one per (column, key version) and
 * reuse it for every value.
 *
 * <p>Guarantees. {@link EncryptionMode#RANDOMIZED} uses XAES-256-GCM with a fresh random 192-bit
 * nonce per value: it hides everything but the length, and stays safe for far more than 2^32
 * values per key (C2SP XAES-256-GCM puts the limit near 2^80 messages). {@link
 * EncryptionMode#DETERMINISTIC} uses AES-SIV (RFC 5297, 512-bit key): the same plaintext gives the
 * same ciphertext, so it reveals which values are equal, and nothing else. Both bind the table,
 * the column, the mode and the key version as associated data: a changed bit, a truncation, or a
 * value moved to another column or key version fails with {@code INVALID_CIPHERTEXT}.
 *
 * <p>Keys. The two primitives use separate keys derived from the 32-byte data key with
 * HKDF-SHA256 (empty salt) and the info strings {@link #INFO_RANDOMIZED} and {@link
 * #INFO_DETERMINISTIC}. The data key itself is not kept.
 *
 * <p>Bounds: plaintexts of at most {@link CiphertextFormat#MAX_PLAINTEXT_BYTES} bytes.
 */
public final class ColumnCipher {

  /** HKDF info for the 32-byte XAES-256-GCM key. */
  public static final String INFO_RANDOMIZED = "envelope/v1 randomized xaes-256-gcm";

  /** HKDF info for the 64-byte AES-SIV key. */
  public static final String INFO_DETERMINISTIC = "envelope/v1 deterministic aes-siv";

  /** The length of a data key. */
  public static final int DATA_KEY_BYTES = 32;

  static final int XAES_KEY_BYTES = 32;
  static final int SIV_KEY_BYTES = 64;

  private static final int XAES_SALT_BYTES = 12;

  static {
    try {
      AeadConfig.register();
      DeterministicAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ColumnRef column;
  private final int keyVersion;
  private final Aead randomized;
  private final DeterministicAead deterministic;
  private final byte[] randomizedHeader;
  private final byte[] deterministicHeader;
  private final byte[] randomizedAd;
  private final byte[] deterministicAd;

  private ColumnCipher(ColumnRef column, int keyVersion, Aead randomized,
      DeterministicAead deterministic) {
    this.column = column;
    this.keyVersion = keyVersion;
    this.randomized = randomized;
    this.deterministic = deterministic;
    this.randomizedHeader = CiphertextFormat.header(CiphertextFormat.MODE_RANDOMIZED, keyVersion);
    this.deterministicHeader =
        CiphertextFormat.header(CiphertextFormat.MODE_DETERMINISTIC, keyVersion);
    this.randomizedAd = CiphertextFormat.associatedData(column, randomizedHeader);
    this.deterministicAd = CiphertextFormat.associatedData(column, deterministicHeader);
  }

  /**
   * Makes the cipher for one column and key version. The caller keeps ownership of {@code
   * dataKey} (this reads it and keeps no reference) and zeroes it when done.
   *
   * @param keyVersion the key version, 1 .. 2^31-1
   * @param dataKey the 32-byte data key of that version
   * @throws EnvelopeException {@code KEY_INVALID} for a key of the wrong length or a version out
   *     of range, {@code ENCRYPTION_UNSUPPORTED} for a table or column name over 65535 bytes
   */
  public static ColumnCipher create(ColumnRef column, int keyVersion, byte[] dataKey)
      throws SQLException {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(dataKey, "dataKey");
    if (keyVersion <= 0) {
      throw new EnvelopeException(SqlState.KEY_INVALID,
          "key version of " + column + " must be positive");
    }
    if (dataKey.length != DATA_KEY_BYTES) {
      throw new EnvelopeException(SqlState.KEY_INVALID,
          "data key of " + column + " must be 32 bytes");
    }
    if (CiphertextFormat.associatedData(column, new byte[0]) == null) {
      throw new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED,
          "table or column name too long for " + column);
    }
    byte[] xaesKey = null;
    byte[] sivKey = null;
    try {
      xaesKey = deriveKey(dataKey, INFO_RANDOMIZED, XAES_KEY_BYTES);
      sivKey = deriveKey(dataKey, INFO_DETERMINISTIC, SIV_KEY_BYTES);

      XAesGcmKey xaes = XAesGcmKey.create(
          XAesGcmParameters.create(XAesGcmParameters.Variant.NO_PREFIX, XAES_SALT_BYTES),
          SecretBytes.copyFrom(xaesKey, InsecureSecretKeyAccess.get()),
          null);
      AesSivKey siv = AesSivKey.builder()
          .setParameters(AesSivParameters.builder()
              .setKeySizeBytes(SIV_KEY_BYTES)
              .setVariant(AesSivParameters.Variant.NO_PREFIX)
              .build())
          .setKeyBytes(SecretBytes.copyFrom(sivKey, InsecureSecretKeyAccess.get()))
          .build();

      return new ColumnCipher(column, keyVersion, primitive(xaes, Aead.class),
          primitive(siv, DeterministicAead.class));
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(SqlState.KEY_INVALID,
          "cannot set up encryption for " + column, e);
    } finally {
      zero(xaesKey);
      zero(sivKey);
    }
  }

  /**
   * Encrypts one encoded plaintext (see {@link ValueCodec}).
   *
   * @return a new array: header, then body, as in {@link CiphertextFormat}
   * @throws EnvelopeException {@code UNSUPPORTED_VALUE} for a plaintext over 64 MiB,
   *     {@code ENCRYPTION_UNSUPPORTED} if the crypto provider fails
   */
  public byte[] encrypt(EncryptionMode mode, byte[] plaintext) throws SQLException {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(plaintext, "plaintext");
    if (plaintext.length > CiphertextFormat.MAX_PLAINTEXT_BYTES) {
      throw new EnvelopeException(SqlState.UNSUPPORTED_VALUE,
          "value larger than 64 MiB for " + column);
    }
    byte[] header;
    byte[] body;
    try {
      if (mode == EncryptionMode.RANDOMIZED) {
        header = randomizedHeader;
        body = randomized.encrypt(plaintext, randomizedAd);
      } else {
        header = deterministicHeader;
        body = deterministic.encryptDeterministically(plaintext, deterministicAd);
      }
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED,
          "encryption failed for " + column, e);
    }
    byte[] out = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, out, header.length, body.length);
    return out;
  }

  /**
   * Decrypts a value made by {@link #encrypt} for this column and key version; the mode comes
   * from the header.
   *
   * @return the encoded plaintext, a new array
   * @throws EnvelopeException {@code INVALID_CIPHERTEXT} ("invalid ciphertext for t.c") when the
   *     value is malformed, belongs to another key version, column or table, or was changed; the
   *     cause is the authentication failure where there is one
   */
  public byte[] decrypt(byte[] ciphertext) throws SQLException {
    byte mode = CiphertextFormat.checkHeader(ciphertext, column);
    if (CiphertextFormat.readKeyVersion(ciphertext) != keyVersion) {
      throw CiphertextFormat.invalid(column, null);
    }
    byte[] body = Arrays.copyOfRange(ciphertext, CiphertextFormat.HEADER_LENGTH,
        ciphertext.length);
    try {
      if (mode == CiphertextFormat.MODE_RANDOMIZED) {
        return randomized.decrypt(body, randomizedAd);
      }
      return deterministic.decryptDeterministically(body, deterministicAd);
    } catch (GeneralSecurityException e) {
      throw CiphertextFormat.invalid(column, e);
    }
  }

  /** The key version this cipher encrypts with and accepts. */
  public int keyVersion() {
    return keyVersion;
  }

  /** The column this cipher is bound to. */
  public ColumnRef column() {
    return column;
  }

  @Override
  public String toString() {
    return "ColumnCipher[" + column + ", key version " + keyVersion + "]";
  }

  /** HKDF-SHA256 with an empty salt; the caller zeroes the result. */
  static byte[] deriveKey(byte[] dataKey, String info, int length)
      throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", dataKey, new byte[0],
        info.getBytes(StandardCharsets.US_ASCII), length);
  }

  private static <P> P primitive(Key key, Class<P> type) throws GeneralSecurityException {
    KeysetHandle handle = KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
        .build();
    return handle.getPrimitive(RegistryConfiguration.get(), type);
  }

  private static void zero(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
