package dev.envelope.bench;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.crypto.EncryptionMode;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one value through {@link ColumnCipher}, per value size and mode, next to two
 * baselines: plain AES-256-GCM with a JDK {@link Cipher} reused across values (the floor), and
 * with a {@link Cipher} created and keyed for every value (the per-value setup Envelope avoids).
 * Results and caveats are in {@code docs/BENCHMARKS.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FormatBenchmark {

  private static final int GCM_TAG_BITS = 128;
  private static final int GCM_NONCE_BYTES = 12;

  @Param({"16", "256", "4096"})
  public int size;

  private final SecureRandom random = new SecureRandom();
  private ColumnCipher cipher;
  private byte[] plaintext;
  private byte[] randomizedCiphertext;
  private byte[] deterministicCiphertext;
  private SecretKeySpec jdkKey;
  private Cipher reusedJdkCipher;
  private byte[] associatedData;

  @Setup
  public void setUp() throws SQLException, GeneralSecurityException {
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    cipher = ColumnCipher.create(new ColumnRef("customers", "ssn"), 1, dataKey);
    plaintext = new byte[size];
    random.nextBytes(plaintext);
    randomizedCiphertext = cipher.encrypt(EncryptionMode.RANDOMIZED, plaintext);
    deterministicCiphertext = cipher.encrypt(EncryptionMode.DETERMINISTIC, plaintext);

    jdkKey = new SecretKeySpec(dataKey, "AES");
    reusedJdkCipher = Cipher.getInstance("AES/GCM/NoPadding");
    associatedData = new byte[32];
  }

  @Benchmark
  public byte[] randomizedEncrypt() throws SQLException {
    return cipher.encrypt(EncryptionMode.RANDOMIZED, plaintext);
  }

  @Benchmark
  public byte[] randomizedDecrypt() throws SQLException {
    return cipher.decrypt(randomizedCiphertext);
  }

  @Benchmark
  public byte[] deterministicEncrypt() throws SQLException {
    return cipher.encrypt(EncryptionMode.DETERMINISTIC, plaintext);
  }

  @Benchmark
  public byte[] deterministicDecrypt() throws SQLException {
    return cipher.decrypt(deterministicCiphertext);
  }

  /** AES-256-GCM, one Cipher reused; a fresh nonce per value, as GCM requires. */
  @Benchmark
  public byte[] jdkGcmEncryptReusedCipher() throws GeneralSecurityException {
    return gcmEncrypt(reusedJdkCipher);
  }

  /** AES-256-GCM with Cipher.getInstance and init for every value. */
  @Benchmark
  public byte[] jdkGcmEncryptFreshCipher() throws GeneralSecurityException {
    return gcmEncrypt(Cipher.getInstance("AES/GCM/NoPadding"));
  }

  private byte[] gcmEncrypt(Cipher gcm) throws GeneralSecurityException {
    byte[] nonce = new byte[GCM_NONCE_BYTES];
    random.nextBytes(nonce);
    gcm.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(GCM_TAG_BITS, nonce));
    gcm.updateAAD(associatedData);
    return gcm.doFinal(plaintext);
  }
}
