package dev.envelope.keys;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.kms.GeneratedDataKey;
import dev.envelope.kms.KeyProvider;
import dev.envelope.metrics.KeyCacheMetrics;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unwrapped data keys of one engine, as ready ciphers, shared by all its connections, so that
 * the key provider is asked once per data key and lifetime, never per row. A miss asks the key
 * table and the key provider once, however many threads wait for it; the first write to a column
 * without a key creates one. Each key has a soft lifetime ({@code envelope.keyCache.ttlSeconds}):
 * after it, the key is unwrapped again, and while the provider does not answer the cached key
 * keeps serving (see {@link KeyCache}). Every raw data key is zeroed as soon as its cipher is
 * made.
 */
public final class KeyRing {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  /** How soon a failed refresh is tried again, at most. */
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final KeyTable table;
  private final KeyProvider provider;
  private final KeyCacheMetrics metrics;
  private final KeyCache<ColumnRef> current;
  private final KeyCache<VersionRef> versions;
  private final Map<ColumnRef, Boolean> warned = new ConcurrentHashMap<>();

  /**
   * @param ttl how long a key serves before it is unwrapped again
   * @param clock a nanosecond clock such as {@code System::nanoTime}
   */
  public KeyRing(KeyTable table, KeyProvider provider, int maxEntries, Duration ttl,
      LongSupplier clock, KeyCacheMetrics metrics) {
    this.table = table;
    this.provider = provider;
    this.metrics = metrics;
    long ttlNanos = ttl.toNanos();
    long retryNanos = Math.min(ttlNanos, MAX_RETRY.toNanos());
    this.current = new KeyCache<>(maxEntries, ttlNanos, retryNanos, clock, metrics,
        listener(ref -> ref));
    this.versions = new KeyCache<>(maxEntries, ttlNanos, retryNanos, clock, metrics,
        listener(VersionRef::column));
    metrics.cachedKeysFrom(versions::size);
  }

  /** The cipher of the newest key version of a column, made now if the column has no key. */
  public ColumnCipher forEncryption(ColumnRef column) throws SQLException {
    return current.get(column, () -> loadOrCreate(column), true);
  }

  /** The cipher of one key version of a column, for decryption. */
  public ColumnCipher forDecryption(ColumnRef column, int version) throws SQLException {
    return versions.get(new VersionRef(column, version), () -> unwrap(column,
        table.version(column, version).orElseThrow(() -> new EnvelopeException(
            SqlState.KEY_UNAVAILABLE,
            "envelope_keys has no version " + version + " for " + column))), true);
  }

  /** How many unwrapped keys are held. */
  public int size() {
    return versions.size();
  }

  /** The counters of this cache. */
  public KeyCacheMetrics metrics() {
    return metrics;
  }

  private ColumnCipher loadOrCreate(ColumnRef column) throws SQLException {
    StoredKey stored = table.newest(column).orElse(null);
    if (stored == null) {
      ColumnCipher created = create(column);
      if (created != null) {
        versions.put(new VersionRef(column, created.keyVersion()), created);
        return created;
      }
      // Another thread or process stored version 1 first: use theirs.
      stored = table.newest(column).orElseThrow(() -> new EnvelopeException(
          SqlState.KEY_UNAVAILABLE, "envelope_keys lost the new key of " + column));
    }
    StoredKey newest = stored;
    return versions.get(new VersionRef(column, newest.version()),
        () -> unwrap(column, newest), false);
  }

  private ColumnCipher create(ColumnRef column) throws SQLException {
    metrics.generateDataKeyCalled();
    GeneratedDataKey generated = provider.generateDataKey(column);
    byte[] plaintext = generated.plaintextKey();
    try {
      StoredKey key = new StoredKey(column, 1, generated.masterKeyId(),
          generated.encryptedKey());
      if (!table.insert(key)) {
        return null;
      }
      metrics.keyCreated();
      LOG.info("Envelope created data key version 1 for {} under master key {}", column,
          generated.masterKeyId());
      return ColumnCipher.create(column, 1, plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
      generated.destroy();
    }
  }

  private ColumnCipher unwrap(ColumnRef column, StoredKey stored) throws SQLException {
    metrics.decryptCalled();
    byte[] key;
    try {
      key = provider.decryptDataKey(column, stored.masterKeyId(), stored.encryptedKey());
    } catch (SQLException | RuntimeException e) {
      metrics.decryptFailed();
      throw e;
    }
    try {
      return ColumnCipher.create(column, stored.version(), key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private <K> KeyCache.RefreshListener<K> listener(
      Function<K, ColumnRef> columnOf) {
    return new KeyCache.RefreshListener<>() {
      @Override
      public void refreshFailed(K key, Exception error) {
        ColumnRef column = columnOf.apply(key);
        if (warned.putIfAbsent(column, Boolean.TRUE) == null) {
          LOG.warn("Envelope could not refresh the data key of {}; the cached key keeps"
              + " serving and the refresh is retried: {}", column, describe(error));
        }
      }

      @Override
      public void refused(K key, Exception error) {
        ColumnRef column = columnOf.apply(key);
        warned.remove(column);
        LOG.warn("Envelope dropped the cached data key of {}: {}", column, describe(error));
      }

      @Override
      public void refreshed(K key) {
        ColumnRef column = columnOf.apply(key);
        if (warned.remove(column) != null) {
          LOG.info("Envelope refreshed the data key of {} again", column);
        }
      }
    };
  }

  /** Envelope's own messages name column, operation and code only; others by type. */
  private static String describe(Exception error) {
    return error instanceof EnvelopeException ? error.getMessage()
        : error.getClass().getSimpleName();
  }

  private record VersionRef(ColumnRef column, int version) {
  }
}
