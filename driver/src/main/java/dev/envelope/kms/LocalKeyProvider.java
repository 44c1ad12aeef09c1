package dev.envelope.kms;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code local} key provider: a 256-bit master key held by the application wraps each data
 * key with AES-256-GCM, for laptops, tests and single-host setups. It keeps the promise of KMS:
 * a wrapped key unwraps only under the encryption context it was made with.
 *
 * <p>Wrapped key layout (61 bytes): {@code 0x01 || 12-byte IV || 32-byte encrypted key || 16-byte
 * tag}, with the canonical bytes of {@link EncryptionContext#of} as associated data (see {@code
 * docs/FORMAT.md}). The master key id is {@code "local:"} and the first 16 hex digits of
 * HMAC-SHA256(master key, {@code "envelope local key id"}): it names the key without revealing it.
 *
 * <p>Bounds: random 96-bit IVs under one master key are safe for 2^32 wraps; Envelope wraps one
 * key per column and rotation, many orders of magnitude fewer.
 */
public final class LocalKeyProvider implements KeyProvider {

  /** The length of the master key and of every data key. */
  public static final int KEY_BYTES = 32;

  static final byte WRAP_VERSION = 1;
  static final int WRAPPED_KEY_BYTES = 1 + 12 + KEY_BYTES + 16;

  private static final String ID_PREFIX = "local:";
  private static final byte[] ID_LABEL =
      "envelope local key id".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_KEY_FILE_BYTES = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Aead wrapper;
  private final String masterKeyId;

  private LocalKeyProvider(Aead wrapper, String masterKeyId) {
    this.wrapper = wrapper;
    this.masterKeyId = masterKeyId;
  }

  /**
   * Makes a provider from the base64 text of a 256-bit master key
   * ({@code envelope.local.masterKey}).
   *
   * @throws EnvelopeException {@code CONNECTION_SETTINGS} when the text is missing, not base64,
   *     or not 32 bytes long; the message never quotes it
   */
  public static LocalKeyProvider fromBase64(String masterKeyBase64) throws SQLException {
    return fromText(masterKeyBase64, "envelope.local.masterKey");
  }

  /**
   * Makes a provider from a file holding the base64 text of a 256-bit master key
   * ({@code envelope.local.masterKeyFile}); surrounding white space is ignored.
   *
   * @throws EnvelopeException {@code CONNECTION_SETTINGS} when the file cannot be read, is over
   *     4 KiB, or does not hold such a key; the message never quotes the file's content
   */
  public static LocalKeyProvider fromFile(Path file) throws SQLException {
    Objects.requireNonNull(file, "file");
    String setting = "envelope.local.masterKeyFile " + file;
    byte[] content = null;
    try {
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw invalidSetting(setting);
      }
      content = Files.readAllBytes(file);
      return fromText(new String(content, StandardCharsets.US_ASCII), setting);
    } catch (IOException e) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS, "cannot read " + setting, e);
    } finally {
      if (content != null) {
        Arrays.fill(content, (byte) 0);
      }
    }
  }

  /** A new random 256-bit master key in base64, for {@code envelope.local.masterKey}. */
  public static String generateMasterKeyBase64() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    try {
      return Base64.getEncoder().encodeToString(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String name() {
    return "local";
  }

  /** The id stored with every key this provider wraps: {@code local:} and 16 hex digits. */
  public String masterKeyId() {
    return masterKeyId;
  }

  @Override
  public GeneratedDataKey generateDataKey(ColumnRef column) throws SQLException {
    byte[] dataKey = new byte[KEY_BYTES];
    RANDOM.nextBytes(dataKey);
    try {
      byte[] sealed = wrapper.encrypt(dataKey, associatedData(column));
      byte[] wrapped = new byte[1 + sealed.length];
      wrapped[0] = WRAP_VERSION;
      System.arraycopy(sealed, 0, wrapped, 1, sealed.length);
      return new GeneratedDataKey(dataKey, wrapped, masterKeyId);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(SqlState.KEY_UNAVAILABLE,
          "local provider cannot wrap a data key for " + column, e);
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  @Override
  public byte[] decryptDataKey(ColumnRef column, String masterKeyId, byte[] encryptedKey)
      throws SQLException {
    if (!this.masterKeyId.equals(masterKeyId)) {
      throw new EnvelopeException(SqlState.KEY_INVALID, "data key of " + column
          + " was wrapped by master key " + masterKeyId + ", not the configured "
          + this.masterKeyId);
    }
    if (encryptedKey == null || encryptedKey.length != WRAPPED_KEY_BYTES
        || encryptedKey[0] != WRAP_VERSION) {
      throw new EnvelopeException(SqlState.KEY_INVALID,
          "wrapped data key of " + column + " is malformed");
    }
    byte[] sealed = Arrays.copyOfRange(encryptedKey, 1, encryptedKey.length);
    try {
      return wrapper.decrypt(sealed, associatedData(column));
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(SqlState.KEY_INVALID, "data key of " + column
          + " does not unwrap under its encryption context and " + this.masterKeyId, e);
    }
  }

  @Override
  public String toString() {
    return "LocalKeyProvider[" + masterKeyId + "]";
  }

  /** The associated data that binds a wrapped key to its column's encryption context. */
  static byte[] associatedData(ColumnRef column) {
    return EncryptionContext.canonicalBytes(EncryptionContext.of(column));
  }

  private static LocalKeyProvider fromText(String text, String setting) throws SQLException {
    if (text == null || text.isBlank()) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS, setting + " is empty");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes the offending character of the key.
      throw invalidSetting(setting);
    }
    try {
      if (key.length != KEY_BYTES) {
        throw invalidSetting(setting);
      }
      return fromKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static LocalKeyProvider fromKey(byte[] masterKey) throws SQLException {
    byte[] fingerprint = null;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
      fingerprint = mac.doFinal(ID_LABEL);
      String id = ID_PREFIX + HexFormat.of().formatHex(fingerprint, 0, 8);

      AesGcmKey key = AesGcmKey.builder()
          .setParameters(AesGcmParameters.builder()
              .setKeySizeBytes(KEY_BYTES)
              .setIvSizeBytes(12)
              .setTagSizeBytes(16)
              .setVariant(AesGcmParameters.Variant.NO_PREFIX)
              .build())
          .setKeyBytes(SecretBytes.copyFrom(masterKey, InsecureSecretKeyAccess.get()))
          .build();
      Aead aead = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
          .build()
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
      return new LocalKeyProvider(aead, id);
    } catch (GeneralSecurityException e) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          "cannot set up the local master key", e);
    } finally {
      if (fingerprint != null) {
        Arrays.fill(fingerprint, (byte) 0);
      }
    }
  }

  private static EnvelopeException invalidSetting(String setting) {
    return new EnvelopeException(SqlState.CONNECTION_SETTINGS,
        setting + " must hold a 256-bit key in base64");
  }
}
