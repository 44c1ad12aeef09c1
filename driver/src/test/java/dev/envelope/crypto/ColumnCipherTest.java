package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ColumnCipherTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");
  private static final String SECRET = "987-65-4321";

  private final byte[] dataKey = key(0x11);
  private final ColumnCipher cipher = create(SSN, 1, dataKey);

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void encryptedValue_decryptsToSamePlaintext(EncryptionMode mode) throws SQLException {
    byte[] plaintext = ValueCodec.encode(SECRET);

    byte[] ciphertext = cipher.encrypt(mode, plaintext);

    assertThat(cipher.decrypt(ciphertext)).isEqualTo(plaintext);
    assertThat(CiphertextFormat.mode(ciphertext, SSN)).isEqualTo(mode);
    assertThat(CiphertextFormat.keyVersion(ciphertext, SSN)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void emptyPlaintext_roundTrips(EncryptionMode mode) throws SQLException {
    assertThat(cipher.decrypt(cipher.encrypt(mode, new byte[0]))).isEmpty();
  }

  @Test
  void ciphertextLength_isPlaintextPlusDocumentedOverhead() throws SQLException {
    byte[] plaintext = new byte[100];

    assertThat(cipher.encrypt(EncryptionMode.RANDOMIZED, plaintext))
        .hasSize(100 + 6 + 24 + 16);
    assertThat(cipher.encrypt(EncryptionMode.DETERMINISTIC, plaintext)).hasSize(100 + 6 + 16);
  }

  @Test
  void randomizedCiphertexts_ofEqualPlaintexts_differ() throws SQLException {
    byte[] plaintext = ValueCodec.encode(SECRET);
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 100; i++) {
      seen.add(HexFormat.of().formatHex(cipher.encrypt(EncryptionMode.RANDOMIZED, plaintext)));
    }

    assertThat(seen).hasSize(100);
  }

  @Test
  void deterministicCiphertexts_ofEqualPlaintexts_areEqual() throws SQLException {
    byte[] plaintext = ValueCodec.encode(SECRET);
    ColumnCipher sameKeyAgain = create(SSN, 1, key(0x11));

    byte[] first = cipher.encrypt(EncryptionMode.DETERMINISTIC, plaintext);

    assertThat(cipher.encrypt(EncryptionMode.DETERMINISTIC, plaintext)).isEqualTo(first);
    assertThat(sameKeyAgain.encrypt(EncryptionMode.DETERMINISTIC, plaintext)).isEqualTo(first);
    assertThat(cipher.encrypt(EncryptionMode.DETERMINISTIC, ValueCodec.encode("other")))
        .isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void everySingleBitFlip_isRejected(EncryptionMode mode) throws SQLException {
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode("abc"));

    for (int bit = 0; bit < ciphertext.length * 8; bit++) {
      byte[] flipped = ciphertext.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertInvalidCiphertext(() -> cipher.decrypt(flipped), SSN);
    }
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void everyTruncation_isRejected(EncryptionMode mode) throws SQLException {
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode("abc"));

    for (int length = 0; length < ciphertext.length; length++) {
      byte[] truncated = Arrays.copyOf(ciphertext, length);

      assertInvalidCiphertext(() -> cipher.decrypt(truncated), SSN);
    }
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void appendedByte_isRejected(EncryptionMode mode) throws SQLException {
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode("abc"));
    byte[] longer = Arrays.copyOf(ciphertext, ciphertext.length + 1);

    assertInvalidCiphertext(() -> cipher.decrypt(longer), SSN);
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void valueCopiedToAnotherColumn_withTheSameKey_isRejected(EncryptionMode mode)
      throws SQLException {
    ColumnRef other = new ColumnRef("customers", "phone");
    ColumnCipher otherColumn = create(other, 1, key(0x11));
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode(SECRET));

    Throwable thrown = assertInvalidCiphertext(() -> otherColumn.decrypt(ciphertext), other);

    assertThat(thrown).hasCauseInstanceOf(GeneralSecurityException.class);
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void valueCopiedToSameColumnOfAnotherTable_isRejected(EncryptionMode mode)
      throws SQLException {
    ColumnRef other = new ColumnRef("suppliers", "ssn");
    ColumnCipher otherTable = create(other, 1, key(0x11));
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode(SECRET));

    assertInvalidCiphertext(() -> otherTable.decrypt(ciphertext), other);
  }

  @Test
  void tableAndColumnBoundaries_areUnambiguous() throws SQLException {
    ColumnCipher ab = create(new ColumnRef("a", "bc"), 1, key(0x11));
    ColumnCipher abShifted = create(new ColumnRef("ab", "c"), 1, key(0x11));
    byte[] ciphertext = ab.encrypt(EncryptionMode.DETERMINISTIC, ValueCodec.encode(SECRET));

    assertThat(abShifted.encrypt(EncryptionMode.DETERMINISTIC, ValueCodec.encode(SECRET)))
        .isNotEqualTo(ciphertext);
    assertInvalidCiphertext(() -> abShifted.decrypt(ciphertext), abShifted.column());
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void valueOfAnotherKeyVersion_isRejected(EncryptionMode mode) throws SQLException {
    ColumnCipher version2 = create(SSN, 2, key(0x22));
    byte[] ciphertext = version2.encrypt(mode, ValueCodec.encode(SECRET));

    assertInvalidCiphertext(() -> cipher.decrypt(ciphertext), SSN);
  }

  @ParameterizedTest
  @EnumSource(EncryptionMode.class)
  void headerRewrittenToAnotherKeyVersion_withTheSameKey_isRejected(EncryptionMode mode)
      throws SQLException {
    ColumnCipher sameKeyVersion2 = create(SSN, 2, key(0x11));
    byte[] ciphertext = cipher.encrypt(mode, ValueCodec.encode(SECRET));
    ciphertext[5] = 2;

    Throwable thrown = assertInvalidCiphertext(() -> sameKeyVersion2.decrypt(ciphertext), SSN);

    assertThat(thrown).hasCauseInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void valueUnderAnotherDataKey_isRejected() throws SQLException {
    ColumnCipher otherKey = create(SSN, 1, key(0x33));
    byte[] ciphertext = otherKey.encrypt(EncryptionMode.RANDOMIZED, ValueCodec.encode(SECRET));

    assertInvalidCiphertext(() -> cipher.decrypt(ciphertext), SSN);
  }

  @Test
  void failureMessages_neverContainThePlaintext() throws SQLException {
    byte[] ciphertext = cipher.encrypt(EncryptionMode.DETERMINISTIC, ValueCodec.encode(SECRET));
    ciphertext[ciphertext.length - 1] ^= 1;

    Throwable thrown = assertInvalidCiphertext(() -> cipher.decrypt(ciphertext), SSN);

    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET).doesNotContain("987");
    }
  }

  @Test
  void callerKeyArray_isNotKept() throws SQLException {
    byte[] callerKey = key(0x44);
    ColumnCipher created = create(SSN, 1, callerKey);
    byte[] ciphertext = created.encrypt(EncryptionMode.RANDOMIZED, ValueCodec.encode(SECRET));

    Arrays.fill(callerKey, (byte) 0);

    assertThat(created.decrypt(ciphertext)).isEqualTo(ValueCodec.encode(SECRET));
  }

  @Test
  void toString_revealsColumnAndVersionButNoKeyMaterial() {
    String text = cipher.toString();

    assertThat(text).isEqualTo("ColumnCipher[customers.ssn, key version 1]");
    assertThat(text).doesNotContain(HexFormat.of().formatHex(dataKey).substring(0, 8));
    assertThat(cipher.column()).isEqualTo(SSN);
    assertThat(cipher.keyVersion()).isEqualTo(1);
  }

  @Test
  void dataKeyOfWrongLength_isRejected() {
    for (int length : new int[] {0, 16, 31, 33, 64}) {
      assertThatThrownBy(() -> ColumnCipher.create(SSN, 1, new byte[length]))
          .isInstanceOfSatisfying(EnvelopeException.class,
              e -> assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID));
    }
  }

  @Test
  void nonPositiveKeyVersion_isRejected() {
    for (int version : new int[] {0, -1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> ColumnCipher.create(SSN, version, key(1)))
          .isInstanceOfSatisfying(EnvelopeException.class,
              e -> assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID));
    }
  }

  @Test
  void largestKeyVersion_isAccepted() throws SQLException {
    ColumnCipher last = create(SSN, Integer.MAX_VALUE, key(1));

    byte[] ciphertext = last.encrypt(EncryptionMode.RANDOMIZED, new byte[] {1});

    assertThat(CiphertextFormat.keyVersion(ciphertext, SSN)).isEqualTo(Integer.MAX_VALUE);
    assertThat(last.decrypt(ciphertext)).containsExactly(1);
  }

  @Test
  void plaintextOverLimit_isRejectedBeforeEncryption() {
    byte[] tooLarge = new byte[CiphertextFormat.MAX_PLAINTEXT_BYTES + 1];

    assertThatThrownBy(() -> cipher.encrypt(EncryptionMode.RANDOMIZED, tooLarge))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.UNSUPPORTED_VALUE));
  }

  @Test
  void subkeys_areDistinctPerPurposeAndFromTheDataKey() throws GeneralSecurityException {
    byte[] xaes = ColumnCipher.deriveKey(dataKey, ColumnCipher.INFO_RANDOMIZED, 32);
    byte[] siv = ColumnCipher.deriveKey(dataKey, ColumnCipher.INFO_DETERMINISTIC, 64);

    assertThat(xaes).isNotEqualTo(dataKey).isNotEqualTo(Arrays.copyOf(siv, 32));
    assertThat(Arrays.copyOf(siv, 32)).isNotEqualTo(dataKey);
  }

  @Test
  void oneCipher_isSafeToShareAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            byte[] plaintext = ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8);
            EncryptionMode mode = i % 2 == 0
                ? EncryptionMode.RANDOMIZED : EncryptionMode.DETERMINISTIC;
            if (!Arrays.equals(cipher.decrypt(cipher.encrypt(mode, plaintext)), plaintext)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static Throwable assertInvalidCiphertext(ThrowingCallable call, ColumnRef column) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(EnvelopeException.class, e -> {
          assertThat(e.state()).isEqualTo(SqlState.INVALID_CIPHERTEXT);
          assertThat(e.getSQLState()).isEqualTo("22E01");
          thrown[0] = e;
        })
        .hasMessage("invalid ciphertext for " + column);
    return thrown[0];
  }

  static byte[] key(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed + i);
    }
    return key;
  }

  private static ColumnCipher create(ColumnRef column, int version, byte[] key) {
    try {
      return ColumnCipher.create(column, version, key);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
