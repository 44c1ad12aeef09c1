package dev.envelope.metrics;

/**
 * The counters of one engine's data-key cache, as JMX attributes under
 * {@code dev.envelope:type=KeyCache,name=<engine>}. Counters only grow; none holds a key or names
 * a URL.
 */
public interface KeyCacheMetricsMBean {

  /** KMS (or local provider) {@code GenerateDataKey} calls, failed ones included. */
  long getGenerateDataKeyCalls();

  /** KMS (or local provider) {@code Decrypt} calls, failed ones included. */
  long getDecryptCalls();

  /** Key lookups answered from the cache. */
  long getCacheHits();

  /** Key lookups that had to read the key table and ask the key provider. */
  long getCacheMisses();

  /** Data keys created and stored in {@code envelope_keys}. */
  long getKeysCreated();

  /** {@code Decrypt} calls that failed. */
  long getDecryptFailures();

  /** Refreshes of an expired key that failed while the cached key kept serving. */
  long getRefreshFailures();

  /** Keys dropped to keep the cache within {@code envelope.keyCache.size}. */
  long getEvictions();

  /** Unwrapped keys held now. */
  int getCachedKeys();
}
