package dev.envelope.metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The counters behind {@link KeyCacheMetricsMBean}; thread-safe and cheap to update. */
public final class KeyCacheMetrics implements KeyCacheMetricsMBean {

  private final LongAdder generateDataKeyCalls = new LongAdder();
  private final LongAdder decryptCalls = new LongAdder();
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder keysCreated = new LongAdder();
  private final LongAdder decryptFailures = new LongAdder();
  private final LongAdder refreshFailures = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private volatile IntSupplier cachedKeys = () -> 0;

  /** Makes {@link #getCachedKeys()} report this count. */
  public void cachedKeysFrom(IntSupplier count) {
    this.cachedKeys = count;
  }

  public void generateDataKeyCalled() {
    generateDataKeyCalls.increment();
  }

  public void decryptCalled() {
    decryptCalls.increment();
  }

  public void hit() {
    cacheHits.increment();
  }

  public void miss() {
    cacheMisses.increment();
  }

  public void keyCreated() {
    keysCreated.increment();
  }

  public void decryptFailed() {
    decryptFailures.increment();
  }

  public void refreshFailed() {
    refreshFailures.increment();
  }

  public void evicted() {
    evictions.increment();
  }

  @Override
  public long getGenerateDataKeyCalls() {
    return generateDataKeyCalls.sum();
  }

  @Override
  public long getDecryptCalls() {
    return decryptCalls.sum();
  }

  @Override
  public long getCacheHits() {
    return cacheHits.sum();
  }

  @Override
  public long getCacheMisses() {
    return cacheMisses.sum();
  }

  @Override
  public long getKeysCreated() {
    return keysCreated.sum();
  }

  @Override
  public long getDecryptFailures() {
    return decryptFailures.sum();
  }

  @Override
  public long getRefreshFailures() {
    return refreshFailures.sum();
  }

  @Override
  public long getEvictions() {
    return evictions.sum();
  }

  @Override
  public int getCachedKeys() {
    return cachedKeys.getAsInt();
  }
}
