package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.XAesGcmKey;
import com.google.crypto.tink.aead.XAesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.envelope.ColumnRef;
import dev.envelope.kms.LocalKeyProvider;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks every test vector written in {@code docs/FORMAT.md} against the implementation. */
class FormatVectorsTest {

  private static final Path FORMAT_MD = Path.of("..", "docs", "FORMAT.md");
  private static final HexFormat HEX = HexFormat.of();

  private static List<Map<String, String>> vectors;
  private static List<Map<String, String>> localKeys;

  @BeforeAll
  static void readVectors() throws IOException {
    vectors = blocks("vector");
    localKeys = blocks("local-key");
  }

  @Test
  void formatPage_holdsVectorsOfEveryKind() {
    assertThat(vectors.stream().filter(v -> v.containsKey("randomized-key"))).isNotEmpty();
    assertThat(vectors.stream().filter(v -> "RANDOMIZED".equals(v.get("mode")))).isNotEmpty();
    assertThat(vectors.stream().filter(v -> "DETERMINISTIC".equals(v.get("mode"))))
        .isNotEmpty();
    assertThat(localKeys).isNotEmpty();
  }

  @Test
  void hkdfSubkeys_matchTheVectors() throws GeneralSecurityException {
    for (Map<String, String> v : vectors) {
      if (!v.containsKey("randomized-key")) {
        continue;
      }
      byte[] dataKey = hex(v, "data-key");

      assertThat(HEX.formatHex(ColumnCipher.deriveKey(dataKey, ColumnCipher.INFO_RANDOMIZED,
          ColumnCipher.XAES_KEY_BYTES))).as(v.get("vector")).isEqualTo(v.get("randomized-key"));
      assertThat(HEX.formatHex(ColumnCipher.deriveKey(dataKey, ColumnCipher.INFO_DETERMINISTIC,
          ColumnCipher.SIV_KEY_BYTES))).as(v.get("vector"))
          .isEqualTo(v.get("deterministic-key"));
    }
  }

  @Test
  void everyCiphertextVector_decryptsToItsPlaintext_whichEncodesItsValue() throws SQLException {
    int checked = 0;
    for (Map<String, String> v : vectors) {
      if (!v.containsKey("ciphertext")) {
        continue;
      }
      ColumnRef column = new ColumnRef(v.get("table"), v.get("column"));
      int keyVersion = Integer.parseInt(v.get("key-version"));
      ColumnCipher cipher = ColumnCipher.create(column, keyVersion, hex(v, "data-key"));
      byte[] ciphertext = hex(v, "ciphertext");
      byte[] plaintext = hex(v, "plaintext");
      Object value = value(v.get("type"), v.get("value"));

      assertThat(CiphertextFormat.keyVersion(ciphertext, column)).isEqualTo(keyVersion);
      assertThat(CiphertextFormat.mode(ciphertext, column).name()).isEqualTo(v.get("mode"));
      assertThat(cipher.decrypt(ciphertext)).as(v.get("vector")).isEqualTo(plaintext);
      assertThat(ValueCodec.encode(value)).as(v.get("vector")).isEqualTo(plaintext);
      assertThat(ValueCodec.decode(plaintext, column)).as(v.get("vector")).isEqualTo(value);
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(4);
  }

  @Test
  void deterministicVectors_areReproducedExactly() throws SQLException {
    for (Map<String, String> v : vectors) {
      if (!"DETERMINISTIC".equals(v.get("mode"))) {
        continue;
      }
      ColumnRef column = new ColumnRef(v.get("table"), v.get("column"));
      ColumnCipher cipher = ColumnCipher.create(column,
          Integer.parseInt(v.get("key-version")), hex(v, "data-key"));

      assertThat(HEX.formatHex(cipher.encrypt(EncryptionMode.DETERMINISTIC,
          hex(v, "plaintext")))).as(v.get("vector")).isEqualTo(v.get("ciphertext"));
    }
  }

  @Test
  void localKeyVectors_unwrapToTheirDataKey() throws SQLException {
    for (Map<String, String> v : localKeys) {
      LocalKeyProvider provider = LocalKeyProvider.fromBase64(v.get("master-key"));
      ColumnRef column = new ColumnRef(v.get("table"), v.get("column"));

      assertThat(provider.masterKeyId()).isEqualTo(v.get("master-key-id"));
      assertThat(provider.decryptDataKey(column, v.get("master-key-id"),
          hex(v, "encrypted-key"))).as(v.get("vector")).isEqualTo(hex(v, "data-key"));
    }
  }

  /**
   * The C2SP XAES-256-GCM vectors, decrypted by the same Tink construction that {@link
   * ColumnCipher} uses: shows that its body is the standard's 24-byte nonce, ciphertext and tag.
   */
  @Test
  void tinkXaesBody_isC2spXaes256Gcm() throws GeneralSecurityException, SQLException {
    ColumnCipher.create(new ColumnRef("t", "c"), 1, new byte[32]);
    byte[] nonce = "ABCDEFGHIJKLMNOPQRSTUVWX".getBytes(StandardCharsets.US_ASCII);
    byte[] plaintext = "XAES-256-GCM".getBytes(StandardCharsets.US_ASCII);

    byte[] first = concat(nonce, HEX.parseHex(
        "ce546ef63c9cc60765923609b33a9a1974e96e52daf2fcf7075e2271"));
    byte[] second = concat(nonce, HEX.parseHex(
        "986ec1832593df5443a179437fd083bf3fdb41abd740a21f71eb769d"));

    assertThat(xaes(0x01).decrypt(first, new byte[0])).isEqualTo(plaintext);
    assertThat(xaes(0x03).decrypt(second,
        "c2sp.org/XAES-256-GCM".getBytes(StandardCharsets.US_ASCII))).isEqualTo(plaintext);
  }

  private static Aead xaes(int fill) throws GeneralSecurityException {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    XAesGcmKey xaesKey = XAesGcmKey.create(
        XAesGcmParameters.create(XAesGcmParameters.Variant.NO_PREFIX, 12),
        SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()), null);
    return KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(xaesKey).withRandomId().makePrimary())
        .build()
        .getPrimitive(RegistryConfiguration.get(), Aead.class);
  }

  private static Object value(String type, String text) {
    switch (type) {
      case "String":
        return text;
      case "Long":
        return Long.valueOf(text);
      case "Integer":
        return Integer.valueOf(text);
      case "BigDecimal":
        return new BigDecimal(text);
      case "LocalDate":
        return LocalDate.parse(text);
      case "Timestamp":
        return Timestamp.valueOf(text);
      case "UUID":
        return UUID.fromString(text);
      case "bytes":
        return HEX.parseHex(text);
      default:
        throw new IllegalArgumentException("no parser for vector type " + type);
    }
  }

  /**
   * The fenced blocks of one kind, as field maps. A field is {@code name: value}; an indented
   * line continues the value of the field above it.
   */
  private static List<Map<String, String>> blocks(String kind) throws IOException {
    List<Map<String, String>> blocks = new ArrayList<>();
    Map<String, String> block = null;
    String field = null;
    for (String line : Files.readAllLines(FORMAT_MD, StandardCharsets.UTF_8)) {
      if (block == null) {
        if (line.equals("```" + kind)) {
          block = new LinkedHashMap<>();
        }
      } else if (line.equals("```")) {
        blocks.add(block);
        block = null;
      } else if (line.startsWith("  ") && field != null) {
        block.merge(field, line.strip(), String::concat);
      } else {
        int colon = line.indexOf(':');
        field = line.substring(0, colon);
        block.put(field, line.substring(colon + 1).strip());
      }
    }
    return blocks;
  }

  private static byte[] hex(Map<String, String> vector, String field) {
    return HEX.parseHex(vector.get(field));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
