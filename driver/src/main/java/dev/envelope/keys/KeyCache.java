package dev.envelope.keys;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.ColumnCipher;
import dev.envelope.kms.KeyProviderException;
import dev.envelope.metrics.KeyCacheMetrics;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * Ciphers by key, each with a soft lifetime. A miss loads once however many threads ask (the
 * others wait for that load). After the lifetime one caller refreshes while the others keep
 * using the cached cipher; when the refresh fails for want of an answer (network, timeout,
 * throttling, a database hiccup) the cached cipher keeps serving and the refresh is retried
 * after {@code retryNanos}; when the provider answers with a refusal (key disabled, deleted,
 * access denied) the cipher is dropped. Bounded: past {@code maxEntries} the least recently
 * used entry goes.
 *
 * <p>No raw key is held here: a {@link ColumnCipher} keeps only the Tink primitives derived from
 * its data key, whose internal key schedules Java gives no way to overwrite; dropping an entry
 * leaves them to the garbage collector.
 */
final class KeyCache<K> {

  private static final long TOUCH_GRANULARITY_NANOS = 100_000_000L;

  private final Map<K, Slot> slots = new ConcurrentHashMap<>();
  private final int maxEntries;
  private final long ttlNanos;
  private final long retryNanos;
  private final LongSupplier clock;
  private final KeyCacheMetrics metrics;
  private final RefreshListener<K> listener;

  KeyCache(int maxEntries, long ttlNanos, long retryNanos, LongSupplier clock,
      KeyCacheMetrics metrics, RefreshListener<K> listener) {
    this.maxEntries = maxEntries;
    this.ttlNanos = ttlNanos;
    this.retryNanos = retryNanos;
    this.clock = clock;
    this.metrics = metrics;
    this.listener = listener;
  }

  /**
   * The cipher for a key, loaded on a miss or after expiry.
   *
   * @param counted whether this lookup counts as a cache hit or miss (a nested lookup does not)
   */
  ColumnCipher get(K key, Loader loader, boolean counted) throws SQLException {
    long now = clock.getAsLong();
    Slot slot = slots.get(key);
    if (slot == null) {
      Slot fresh = new Slot(now);
      slot = slots.putIfAbsent(key, fresh);
      if (slot == null) {
        slot = fresh;
        trim();
      }
    }

    // The row path: a fresh entry, or a stale one while another caller refreshes it, lock-free.
    Entry entry = slot.entry;
    if (entry != null && (now - entry.expiresAt < 0 || slot.loading != null)) {
      slot.touch(now);
      count(counted, true);
      return entry.cipher;
    }

    CompletableFuture<ColumnCipher> loading;
    CompletableFuture<ColumnCipher> mine = null;
    synchronized (slot) {
      slot.touch(now);
      entry = slot.entry;
      if (entry != null && (now - entry.expiresAt < 0 || slot.loading != null)) {
        count(counted, true);
        return entry.cipher;
      }
      loading = slot.loading;
      if (loading == null) {
        mine = new CompletableFuture<>();
        slot.loading = mine;
      }
    }
    count(counted, false);
    if (mine == null) {
      return await(loading);
    }
    return load(key, slot, loader, mine, entry == null ? null : entry.cipher);
  }

  /** Stores a cipher that was just made, fresh for a full lifetime. */
  void put(K key, ColumnCipher cipher) {
    long now = clock.getAsLong();
    Slot slot = new Slot(now);
    slot.entry = new Entry(cipher, now + ttlNanos);
    if (slots.putIfAbsent(key, slot) == null) {
      trim();
    }
  }

  int size() {
    return slots.size();
  }

  private ColumnCipher load(K key, Slot slot, Loader loader,
      CompletableFuture<ColumnCipher> loading, ColumnCipher stale) throws SQLException {
    ColumnCipher loaded;
    try {
      loaded = loader.load();
    } catch (SQLException | RuntimeException e) {
      if (stale != null && !refused(e)) {
        synchronized (slot) {
          slot.entry = new Entry(stale, clock.getAsLong() + retryNanos);
          slot.loading = null;
        }
        metrics.refreshFailed();
        listener.refreshFailed(key, e);
        loading.complete(stale);
        return stale;
      }
      // A failure is not cached, and a refused key is not kept: the next use asks again.
      synchronized (slot) {
        slot.entry = null;
        slot.loading = null;
      }
      slots.remove(key, slot);
      if (stale != null) {
        listener.refused(key, e);
      }
      loading.completeExceptionally(e);
      throw e;
    }
    synchronized (slot) {
      slot.entry = new Entry(loaded, clock.getAsLong() + ttlNanos);
      slot.loading = null;
    }
    if (stale != null) {
      listener.refreshed(key);
    }
    loading.complete(loaded);
    return loaded;
  }

  private static boolean refused(Throwable error) {
    return error instanceof KeyProviderException provider && provider.refused();
  }

  private void count(boolean counted, boolean hit) {
    if (!counted) {
      return;
    }
    if (hit) {
      metrics.hit();
    } else {
      metrics.miss();
    }
  }

  private void trim() {
    // A scan per insertion: insertions happen once per key and lifetime, never per row.
    while (slots.size() > maxEntries) {
      K oldest = null;
      long oldestUse = 0;
      for (Map.Entry<K, Slot> entry : slots.entrySet()) {
        long used = entry.getValue().lastUsed;
        if (oldest == null || used - oldestUse < 0) {
          oldest = entry.getKey();
          oldestUse = used;
        }
      }
      if (oldest == null || slots.remove(oldest) == null) {
        return;
      }
      metrics.evicted();
    }
  }

  private static ColumnCipher await(CompletableFuture<ColumnCipher> future)
      throws SQLException {
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
  interface Loader {
    ColumnCipher load() throws SQLException;
  }

  /** Hears of refreshes, to log them once per column. */
  interface RefreshListener<K> {
    void refreshFailed(K key, Exception error);

    void refused(K key, Exception error);

    void refreshed(K key);
  }

  private record Entry(ColumnCipher cipher, long expiresAt) {
  }

  private static final class Slot {
    private volatile Entry entry;
    private volatile CompletableFuture<ColumnCipher> loading;
    private volatile long lastUsed;

    Slot(long now) {
      this.lastUsed = now;
    }

    /** Records a use for the LRU bound; coarse, so that hot keys do not write on every value. */
    void touch(long now) {
      if (now - lastUsed > TOUCH_GRANULARITY_NANOS) {
        lastUsed = now;
      }
    }
  }
}
