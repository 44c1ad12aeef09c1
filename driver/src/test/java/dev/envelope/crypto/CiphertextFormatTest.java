package dev.envelope.crypto;

import static dev.envelope.crypto.ColumnCipherTest.assertInvalidCiphertext;
import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ColumnRef;
import java.sql.SQLException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CiphertextFormatTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");

  @Test
  void keyVersion_isReadFromTheHeader() throws SQLException {
    byte[] deterministic = HexFormat.of().parseHex("010200000007" + "00".repeat(16));
    byte[] randomized = HexFormat.of().parseHex("01017fffffff" + "00".repeat(40));

    assertThat(CiphertextFormat.keyVersion(deterministic, SSN)).isEqualTo(7);
    assertThat(CiphertextFormat.mode(deterministic, SSN))
        .isEqualTo(EncryptionMode.DETERMINISTIC);
    assertThat(CiphertextFormat.keyVersion(randomized, SSN)).isEqualTo(Integer.MAX_VALUE);
    assertThat(CiphertextFormat.mode(randomized, SSN)).isEqualTo(EncryptionMode.RANDOMIZED);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "01", "0102000000", "010200000001" + "00",
      "01010000000100",
      "010200000001" + "000000000000000000000000000000",
      "000200000001" + "00000000000000000000000000000000",
      "020200000001" + "00000000000000000000000000000000",
      "010000000001" + "00000000000000000000000000000000",
      "010300000001" + "00000000000000000000000000000000",
      "01ff00000001" + "00000000000000000000000000000000",
      "010200000000" + "00000000000000000000000000000000",
      "010280000000" + "00000000000000000000000000000000",
      "0102ffffffff" + "00000000000000000000000000000000"})
  void malformedHeader_isRejected(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);

    assertInvalidCiphertext(() -> CiphertextFormat.keyVersion(bytes, SSN), SSN);
  }

  @Test
  void nullCiphertext_isRejected() {
    assertInvalidCiphertext(() -> CiphertextFormat.keyVersion(null, SSN), SSN);
  }

  @Test
  void ciphertextLongerThanAnyValue_isRejectedBeforeDecryption() {
    byte[] huge = new byte[CiphertextFormat.MAX_PLAINTEXT_BYTES
        + CiphertextFormat.DETERMINISTIC_OVERHEAD + 1];
    huge[0] = 1;
    huge[1] = 2;
    huge[5] = 1;

    assertInvalidCiphertext(() -> CiphertextFormat.keyVersion(huge, SSN), SSN);
  }

  @Test
  void associatedData_followsTheDocumentedLayout() {
    byte[] header = CiphertextFormat.header(CiphertextFormat.MODE_DETERMINISTIC, 1);

    byte[] ad = CiphertextFormat.associatedData(SSN, header);

    assertThat(HexFormat.of().formatHex(ad)).isEqualTo(
        "656e76656c6f70652f7631" + "0009" + "637573746f6d657273" + "0003" + "73736e"
            + "010200000001");
  }
}
