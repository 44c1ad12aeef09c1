package dev.envelope.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The key-cache counters as Micrometer meters in the global registry, tagged with the engine
 * name. Only {@link MetricsRegistration} touches this class, after checking that Micrometer is
 * there, so the driver runs without it.
 */
final class MicrometerMetrics {

  private MicrometerMetrics() {
  }

  /** Registers the meters; the returned action removes them again. */
  static Runnable bind(String engineName, KeyCacheMetrics metrics) {
    MeterRegistry registry = Metrics.globalRegistry;
    List<Meter> meters = new ArrayList<>();
    meters.add(counter(registry, "envelope.kms.calls", engineName, metrics,
        m -> m.getGenerateDataKeyCalls(), "operation", "GenerateDataKey"));
    meters.add(counter(registry, "envelope.kms.calls", engineName, metrics,
        m -> m.getDecryptCalls(), "operation", "Decrypt"));
    meters.add(counter(registry, "envelope.keycache.requests", engineName, metrics,
        m -> m.getCacheHits(), "result", "hit"));
    meters.add(counter(registry, "envelope.keycache.requests", engineName, metrics,
        m -> m.getCacheMisses(), "result", "miss"));
    meters.add(counter(registry, "envelope.keys.created", engineName, metrics,
        m -> m.getKeysCreated(), null, null));
    meters.add(counter(registry, "envelope.kms.decrypt.failures", engineName, metrics,
        m -> m.getDecryptFailures(), null, null));
    meters.add(counter(registry, "envelope.keycache.refresh.failures", engineName, metrics,
        m -> m.getRefreshFailures(), null, null));
    meters.add(counter(registry, "envelope.keycache.evictions", engineName, metrics,
        m -> m.getEvictions(), null, null));
    meters.add(Gauge.builder("envelope.keycache.size", metrics, m -> m.getCachedKeys())
        .tag("engine", engineName)
        .description("Unwrapped data keys held")
        .register(registry));
    return () -> meters.forEach(registry::remove);
  }

  private static Meter counter(MeterRegistry registry, String name, String engineName,
      KeyCacheMetrics metrics, ToDoubleFunction<KeyCacheMetrics> value, String tag,
      String tagValue) {
    FunctionCounter.Builder<KeyCacheMetrics> builder =
        FunctionCounter.builder(name, metrics, value).tag("engine", engineName);
    if (tag != null) {
      builder.tag(tag, tagValue);
    }
    return builder.register(registry);
  }
}
