package dev.envelope.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.SqlState;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.kms.GeneratedDataKey;
import dev.envelope.kms.KeyProvider;
import dev.envelope.kms.KeyProviderException;
import dev.envelope.kms.LocalKeyProvider;
import dev.envelope.metrics.KeyCacheMetrics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data-key cache with a clock the test moves and a provider the test can break. */
class KeyRingTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");
  private static final ColumnRef NOTES = new ColumnRef("customers", "notes");
  private static final ColumnRef CARD = new ColumnRef("customers", "card");

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private CountingProvider provider;
  private Connection keepAlive;
  private KeyTable table;

  @BeforeEach
  void createKeyTable() throws SQLException {
    String url = "jdbc:h2:mem:keys" + UUID.randomUUID().toString().replace("-", "");
    keepAlive = DriverManager.getConnection(url, "sa", "");
    MetadataSchema.create(keepAlive);
    table = new KeyTable(() -> DriverManager.getConnection(url, "sa", ""));
    provider = new CountingProvider();
  }

  @AfterEach
  void dropKeyTable() throws SQLException {
    keepAlive.close();
  }

  @Test
  void keyWithinItsLifetime_isUnwrappedOnce() throws SQLException {
    writeKeys(SSN);
    KeyRing ring = ring(100);

    ColumnCipher first = ring.forDecryption(SSN, 1);
    advance(TTL.minusSeconds(1));
    ColumnCipher again = ring.forDecryption(SSN, 1);

    assertThat(again).isSameAs(first);
    assertThat(provider.decrypts.get()).isEqualTo(1);
    assertThat(ring.metrics().getCacheMisses()).isEqualTo(1);
    assertThat(ring.metrics().getCacheHits()).isEqualTo(1);
  }

  @Test
  void keyPastItsLifetime_isUnwrappedAgain() throws SQLException {
    writeKeys(SSN);
    KeyRing ring = ring(100);
    ColumnCipher first = ring.forDecryption(SSN, 1);

    advance(TTL.plusSeconds(1));
    ColumnCipher refreshed = ring.forDecryption(SSN, 1);

    assertThat(refreshed).isNotSameAs(first);
    assertThat(provider.decrypts.get()).isEqualTo(2);
  }

  @Test
  void expiredKey_keepsServingWhileTheProviderIsDown_andRetriesLater() throws SQLException {
    writeKeys(SSN);
    KeyRing ring = ring(100);
    ColumnCipher cached = ring.forDecryption(SSN, 1);
    provider.failure = Failure.OUTAGE;

    advance(TTL.plusSeconds(1));
    assertThat(ring.forDecryption(SSN, 1)).isSameAs(cached);
    assertThat(ring.forDecryption(SSN, 1)).isSameAs(cached);
    assertThat(provider.decrypts.get()).isEqualTo(2);

    advance(KeyRing.MAX_RETRY.plusSeconds(1));
    assertThat(ring.forDecryption(SSN, 1)).isSameAs(cached);
    assertThat(provider.decrypts.get()).isEqualTo(3);
    assertThat(ring.metrics().getRefreshFailures()).isEqualTo(2);
    assertThat(ring.metrics().getDecryptFailures()).isEqualTo(2);

    provider.failure = Failure.NONE;
    advance(KeyRing.MAX_RETRY.plusSeconds(1));
    assertThat(ring.forDecryption(SSN, 1)).isNotSameAs(cached);
    assertThat(provider.decrypts.get()).isEqualTo(4);
  }

  @Test
  void expiredKey_isDroppedWhenTheProviderRefusesIt() throws SQLException {
    writeKeys(SSN);
    KeyRing ring = ring(100);
    ring.forDecryption(SSN, 1);
    provider.failure = Failure.REFUSED;

    advance(TTL.plusSeconds(1));

    assertThatThrownBy(() -> ring.forDecryption(SSN, 1))
        .isInstanceOf(KeyProviderException.class);
    assertThatThrownBy(() -> ring.forDecryption(SSN, 1))
        .isInstanceOf(KeyProviderException.class);
    assertThat(ring.size()).isZero();
  }

  @Test
  void coldKeyWithTheProviderDown_failsAndIsNotCached() throws SQLException {
    writeKeys(SSN);
    KeyRing ring = ring(100);
    provider.failure = Failure.OUTAGE;

    assertThatThrownBy(() -> ring.forDecryption(SSN, 1))
        .isInstanceOfSatisfying(KeyProviderException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.KEY_UNAVAILABLE));

    provider.failure = Failure.NONE;
    assertThat(ring.forDecryption(SSN, 1)).isNotNull();
    assertThat(provider.decrypts.get()).isEqualTo(2);
  }

  @Test
  void newestVersionForWrites_isServedFromCacheAndRefreshedAfterItsLifetime()
      throws SQLException {
    KeyRing ring = ring(100);

    ColumnCipher created = ring.forEncryption(SSN);
    assertThat(ring.forEncryption(SSN)).isSameAs(created);
    assertThat(ring.forDecryption(SSN, 1)).isSameAs(created);
    assertThat(provider.generates.get()).isEqualTo(1);
    assertThat(provider.decrypts.get()).isZero();
    assertThat(ring.metrics().getKeysCreated()).isEqualTo(1);

    advance(TTL.plusSeconds(1));
    provider.failure = Failure.OUTAGE;
    assertThat(ring.forEncryption(SSN)).isSameAs(created);
  }

  @Test
  void pastItsSize_theLeastRecentlyUsedKeyIsDropped() throws SQLException {
    writeKeys(SSN, NOTES, CARD);
    KeyRing ring = ring(2);
    ring.forDecryption(SSN, 1);
    advance(Duration.ofSeconds(1));
    ring.forDecryption(NOTES, 1);
    advance(Duration.ofSeconds(1));
    ring.forDecryption(SSN, 1);
    advance(Duration.ofSeconds(1));

    ring.forDecryption(CARD, 1);
    ring.forDecryption(SSN, 1);
    assertThat(provider.decrypts.get()).isEqualTo(3);
    ring.forDecryption(NOTES, 1);

    assertThat(provider.decrypts.get()).isEqualTo(4);
    assertThat(ring.size()).isEqualTo(2);
    assertThat(ring.metrics().getEvictions()).isEqualTo(2);
  }

  @Test
  void everyRawKeyHandedOver_isZeroed() throws SQLException {
    KeyRing ring = ring(100);

    ring.forEncryption(SSN);
    ring(100).forDecryption(SSN, 1);

    assertThat(provider.handedOut).hasSize(1);
    assertThat(provider.handedOut.get(0)).containsOnly(0);
    assertThat(provider.generated).hasSize(1);
    assertThat(provider.generated.get(0).plaintextKey()).containsOnly(0);
  }

  @Test
  void thirtyTwoThreadsOnAColdKey_unwrapItOnce() throws Exception {
    writeKeys(SSN);
    KeyRing ring = ring(100);
    provider.delayMillis = 100;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<ColumnCipher>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(pool.submit(() -> {
        start.await();
        return ring.forDecryption(SSN, 1);
      }));
    }
    start.countDown();
    ColumnCipher first = results.get(0).get(30, TimeUnit.SECONDS);
    for (Future<ColumnCipher> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isSameAs(first);
    }
    pool.shutdown();

    assertThat(provider.decrypts.get()).isEqualTo(1);
    assertThat(ring.metrics().getCacheHits() + ring.metrics().getCacheMisses()).isEqualTo(32);
  }

  private void writeKeys(ColumnRef... columns) throws SQLException {
    KeyRing writer = new KeyRing(table, provider, 100, TTL, clock::get, new KeyCacheMetrics());
    for (ColumnRef column : columns) {
      writer.forEncryption(column);
    }
    provider.generates.set(0);
    provider.handedOut.clear();
    provider.generated.clear();
  }

  private KeyRing ring(int maxEntries) {
    return new KeyRing(table, provider, maxEntries, TTL, clock::get, new KeyCacheMetrics());
  }

  private void advance(Duration duration) {
    clock.addAndGet(duration.toNanos());
  }

  private enum Failure {
    NONE, OUTAGE, REFUSED
  }

  /** The local provider, counted, breakable, and keeping what it handed out to check zeroing. */
  private static final class CountingProvider implements KeyProvider {
    private final LocalKeyProvider local;
    final AtomicInteger generates = new AtomicInteger();
    final AtomicInteger decrypts = new AtomicInteger();
    final List<byte[]> handedOut = new CopyOnWriteArrayList<>();
    final List<GeneratedDataKey> generated = new CopyOnWriteArrayList<>();
    volatile Failure failure = Failure.NONE;
    volatile long delayMillis;

    CountingProvider() throws SQLException {
      local = LocalKeyProvider.fromBase64(LocalKeyProvider.generateMasterKeyBase64());
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public GeneratedDataKey generateDataKey(ColumnRef column) throws SQLException {
      generates.incrementAndGet();
      fail(column);
      GeneratedDataKey key = local.generateDataKey(column);
      generated.add(key);
      return key;
    }

    @Override
    public byte[] decryptDataKey(ColumnRef column, String masterKeyId, byte[] encryptedKey)
        throws SQLException {
      decrypts.incrementAndGet();
      pause();
      fail(column);
      byte[] key = local.decryptDataKey(column, masterKeyId, encryptedKey);
      handedOut.add(key);
      return key;
    }

    private void fail(ColumnRef column) throws KeyProviderException {
      if (failure == Failure.OUTAGE) {
        throw new KeyProviderException(SqlState.KEY_UNAVAILABLE,
            "provider down for " + column, false, null);
      }
      if (failure == Failure.REFUSED) {
        throw new KeyProviderException(SqlState.KEY_UNAVAILABLE,
            "key disabled for " + column, true, null);
      }
    }

    private void pause() {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
