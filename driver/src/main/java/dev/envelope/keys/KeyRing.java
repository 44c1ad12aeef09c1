package dev.envelope.keys;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.kms.GeneratedDataKey;
import dev.envelope.kms.KeyProvider;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unwrapped data keys of one engine, as ready ciphers, shared by all its connections. A miss
 * asks the key table and the key provider once, however many threads wait for it; the first
 * write to a column without a key creates one. Bounded: past {@code maxEntries} the oldest
 * lookups are dropped and unwrapped again on their next use.
 */
public final class KeyRing {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

  private final KeyTable table;
  private final KeyProvider provider;
  private final int maxEntries;
  private final Map<ColumnRef, CompletableFuture<ColumnCipher>> current =
      new ConcurrentHashMap<>();
  private final Map<VersionRef, CompletableFuture<ColumnCipher>> versions =
      new ConcurrentHashMap<>();

  public KeyRing(KeyTable table, KeyProvider provider, int maxEntries) {
    this.table = table;
    this.provider = provider;
    this.maxEntries = maxEntries;
  }

  /** The cipher of the newest key version of a column, made now if the column has no key. */
  public ColumnCipher forEncryption(ColumnRef column) throws SQLException {
    CompletableFuture<ColumnCipher> known = current.get(column);
    if (known != null && known.isDone() && !known.isCompletedExceptionally()) {
      return known.getNow(null);
    }
    return singleFlight(current, column, () -> loadOrCreate(column));
  }

  /** The cipher of one key version of a column, for decryption. */
  public ColumnCipher forDecryption(ColumnRef column, int version) throws SQLException {
    return singleFlight(versions, new VersionRef(column, version), () -> unwrap(column,
        table.version(column, version).orElseThrow(() -> new EnvelopeException(
            SqlState.KEY_UNAVAILABLE,
            "envelope_keys has no version " + version + " for " + column))));
  }

  /** How many ciphers are held. */
  public int size() {
    return versions.size();
  }

  private ColumnCipher loadOrCreate(ColumnRef column) throws SQLException {
    StoredKey stored = table.newest(column).orElse(null);
    if (stored == null) {
      ColumnCipher created = create(column);
      if (created != null) {
        return remember(created);
      }
      // Another thread or process stored version 1 first: use theirs.
      stored = table.newest(column).orElseThrow(() -> new EnvelopeException(
          SqlState.KEY_UNAVAILABLE, "envelope_keys lost the new key of " + column));
    }
    StoredKey newest = stored;
    return singleFlight(versions, new VersionRef(column, newest.version()),
        () -> unwrap(column, newest));
  }

  private ColumnCipher create(ColumnRef column) throws SQLException {
    GeneratedDataKey generated = provider.generateDataKey(column);
    byte[] plaintext = generated.plaintextKey();
    try {
      StoredKey key = new StoredKey(column, 1, generated.masterKeyId(),
          generated.encryptedKey());
      if (!table.insert(key)) {
        return null;
      }
      LOG.info("Envelope created data key version 1 for {} under master key {}", column,
          generated.masterKeyId());
      return ColumnCipher.create(column, 1, plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
      generated.destroy();
    }
  }

  private ColumnCipher remember(ColumnCipher cipher) {
    versions.putIfAbsent(new VersionRef(cipher.column(), cipher.keyVersion()),
        CompletableFuture.completedFuture(cipher));
    return cipher;
  }

  private ColumnCipher unwrap(ColumnRef column, StoredKey stored) throws SQLException {
    byte[] key = provider.decryptDataKey(column, stored.masterKeyId(), stored.encryptedKey());
    try {
      return ColumnCipher.create(column, stored.version(), key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private <K> ColumnCipher singleFlight(Map<K, CompletableFuture<ColumnCipher>> cache, K key,
      Loader loader) throws SQLException {
    CompletableFuture<ColumnCipher> future = cache.get(key);
    if (future == null) {
      CompletableFuture<ColumnCipher> mine = new CompletableFuture<>();
      future = cache.putIfAbsent(key, mine);
      if (future == null) {
        future = mine;
        trim(cache);
        try {
          mine.complete(loader.load());
        } catch (SQLException | RuntimeException e) {
          // A failure is not cached: the next use asks again, so a provider outage heals.
          cache.remove(key, mine);
          mine.completeExceptionally(e);
        }
      }
    }
    return await(future);
  }

  private <K> void trim(Map<K, CompletableFuture<ColumnCipher>> cache) {
    Iterator<K> keys = cache.keySet().iterator();
    while (cache.size() > maxEntries && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }

  private static ColumnCipher await(CompletableFuture<ColumnCipher> future) throws SQLException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvelopeException(SqlState.KEY_UNAVAILABLE,
          "interrupted while waiting for a data key", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new EnvelopeException(SqlState.KEY_UNAVAILABLE, "cannot load a data key", cause);
    }
  }

  @FunctionalInterface
  private interface Loader {
    ColumnCipher load() throws SQLException;
  }

  private record VersionRef(ColumnRef column, int version) {
  }
}
