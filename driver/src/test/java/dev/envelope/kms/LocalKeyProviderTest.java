package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalKeyProviderTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");
  private static final String MASTER_KEY =
      Base64.getEncoder().encodeToString(sequence(32, 0x40));

  private final LocalKeyProvider provider = provider(MASTER_KEY);

  @Test
  void generatedDataKey_unwrapsUnderTheSameContext() throws SQLException {
    GeneratedDataKey generated = provider.generateDataKey(SSN);

    byte[] unwrapped = provider.decryptDataKey(SSN, generated.masterKeyId(),
        generated.encryptedKey());

    assertThat(unwrapped).hasSize(32).isEqualTo(generated.plaintextKey());
    assertThat(generated.encryptedKey()).hasSize(61);
    assertThat(generated.masterKeyId()).isEqualTo(provider.masterKeyId());
  }

  @Test
  void dataKey_unwrapsWithAProviderMadeFromTheSameMasterKey() throws SQLException {
    GeneratedDataKey generated = provider.generateDataKey(SSN);
    LocalKeyProvider sameKey = provider(MASTER_KEY);

    assertThat(sameKey.decryptDataKey(SSN, generated.masterKeyId(), generated.encryptedKey()))
        .isEqualTo(generated.plaintextKey());
  }

  @Test
  void generatedDataKeys_areFreshEachTime() throws SQLException {
    GeneratedDataKey first = provider.generateDataKey(SSN);
    GeneratedDataKey second = provider.generateDataKey(SSN);

    assertThat(first.plaintextKey()).isNotEqualTo(second.plaintextKey());
    assertThat(first.encryptedKey()).isNotEqualTo(second.encryptedKey());
  }

  @Test
  void dataKey_doesNotUnwrapForAnotherColumn() throws SQLException {
    GeneratedDataKey generated = provider.generateDataKey(SSN);
    ColumnRef other = new ColumnRef("customers", "phone");

    assertKeyInvalid(() -> provider.decryptDataKey(other, generated.masterKeyId(),
        generated.encryptedKey()))
        .hasCauseInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void dataKey_doesNotUnwrapForAnotherTable() throws SQLException {
    GeneratedDataKey generated = provider.generateDataKey(SSN);
    ColumnRef other = new ColumnRef("suppliers", "ssn");

    assertKeyInvalid(() -> provider.decryptDataKey(other, generated.masterKeyId(),
        generated.encryptedKey()))
        .hasCauseInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void dataKey_wrappedByAnotherMasterKey_isRejectedNamingBothIds() throws SQLException {
    LocalKeyProvider other = provider(LocalKeyProvider.generateMasterKeyBase64());
    GeneratedDataKey generated = other.generateDataKey(SSN);

    assertKeyInvalid(() -> provider.decryptDataKey(SSN, generated.masterKeyId(),
        generated.encryptedKey()))
        .hasMessageContaining(other.masterKeyId())
        .hasMessageContaining("not the configured " + provider.masterKeyId());
  }

  @Test
  void dataKey_wrappedByAnotherMasterKey_butLabelledWithOurs_isRejected() throws SQLException {
    LocalKeyProvider other = provider(LocalKeyProvider.generateMasterKeyBase64());
    GeneratedDataKey generated = other.generateDataKey(SSN);

    assertKeyInvalid(() -> provider.decryptDataKey(SSN, provider.masterKeyId(),
        generated.encryptedKey()))
        .hasCauseInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void everyBitFlipOfAWrappedKey_isRejected() throws SQLException {
    byte[] wrapped = provider.generateDataKey(SSN).encryptedKey();

    for (int bit = 0; bit < wrapped.length * 8; bit++) {
      byte[] flipped = wrapped.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertKeyInvalid(() -> provider.decryptDataKey(SSN, provider.masterKeyId(), flipped));
    }
  }

  @Test
  void truncatedOrExtendedWrappedKey_isRejected() throws SQLException {
    byte[] wrapped = provider.generateDataKey(SSN).encryptedKey();

    for (int length : new int[] {0, 1, 13, 60, 62, 1000}) {
      byte[] resized = Arrays.copyOf(wrapped, length);
      assertKeyInvalid(() -> provider.decryptDataKey(SSN, provider.masterKeyId(), resized));
    }
    assertKeyInvalid(() -> provider.decryptDataKey(SSN, provider.masterKeyId(), null));
  }

  @Test
  void masterKeyId_isStableAndRevealsNoKeyBytes() {
    String id = provider.masterKeyId();

    assertThat(id).matches("local:[0-9a-f]{16}");
    assertThat(provider(MASTER_KEY).masterKeyId()).isEqualTo(id);
    assertThat(provider(LocalKeyProvider.generateMasterKeyBase64()).masterKeyId())
        .isNotEqualTo(id);
    assertThat(id).doesNotContain("40414243");
  }

  @Test
  void toString_andName_revealNoKey() {
    assertThat(provider.name()).isEqualTo("local");
    assertThat(provider.toString())
        .isEqualTo("LocalKeyProvider[" + provider.masterKeyId() + "]")
        .doesNotContain(MASTER_KEY.substring(0, 8));
  }

  @Test
  void generatedMasterKey_isA256BitBase64Key() {
    String generated = LocalKeyProvider.generateMasterKeyBase64();

    assertThat(Base64.getDecoder().decode(generated)).hasSize(32);
    assertThat(LocalKeyProvider.generateMasterKeyBase64()).isNotEqualTo(generated);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not base64 at all!", "c2hvcnQ=",
      "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", "%%%%secretish%%%%"})
  void badMasterKeyText_isRejectedWithoutEchoingIt(String text) {
    assertThatThrownBy(() -> LocalKeyProvider.fromBase64(text))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
        .hasMessageStartingWith("envelope.local.masterKey ")
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            if (!text.isBlank()) {
              assertThat(String.valueOf(t.getMessage())).doesNotContain(text.strip());
            }
            assertThat(String.valueOf(t.getMessage())).doesNotContain("secretish");
          }
        });
  }

  @Test
  void nullMasterKeyText_isRejected() {
    assertThatThrownBy(() -> LocalKeyProvider.fromBase64(null))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS));
  }

  @Test
  void masterKeyFile_withBase64AndNewline_isAccepted(@TempDir Path dir)
      throws IOException, SQLException {
    Path file = dir.resolve("master.key");
    Files.writeString(file, MASTER_KEY + "\n", StandardCharsets.US_ASCII);

    assertThat(LocalKeyProvider.fromFile(file).masterKeyId()).isEqualTo(provider.masterKeyId());
  }

  @Test
  void masterKeyFile_withBadContent_isRejectedWithoutEchoingIt(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("master.key");
    Files.writeString(file, "hunter2-is-not-a-key", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> LocalKeyProvider.fromFile(file))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
        .hasMessageContaining("envelope.local.masterKeyFile")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void masterKeyFile_thatIsHuge_isRejectedWithoutReadingIt(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("master.key");
    Files.write(file, new byte[1 << 20]);

    assertThatThrownBy(() -> LocalKeyProvider.fromFile(file))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS));
  }

  @Test
  void missingMasterKeyFile_isRejected(@TempDir Path dir) {
    Path file = dir.resolve("absent.key");

    assertThatThrownBy(() -> LocalKeyProvider.fromFile(file))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
        .hasMessageContaining("cannot read envelope.local.masterKeyFile")
        .hasCauseInstanceOf(IOException.class);
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable>
      assertKeyInvalid(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID))
        .hasMessageContaining("data key of ")
        .hasMessageNotContaining(MASTER_KEY);
  }

  private static LocalKeyProvider provider(String base64) {
    try {
      return LocalKeyProvider.fromBase64(base64);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] sequence(int length, int start) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (start + i);
    }
    return bytes;
  }
}
