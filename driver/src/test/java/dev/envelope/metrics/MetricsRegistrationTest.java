package dev.envelope.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class MetricsRegistrationTest {

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  @Test
  void counters_areReadableAsJmxAttributes() throws JMException {
    KeyCacheMetrics metrics = new KeyCacheMetrics();
    metrics.cachedKeysFrom(() -> 7);
    metrics.generateDataKeyCalled();
    metrics.decryptCalled();
    metrics.decryptCalled();
    metrics.decryptFailed();
    metrics.hit();
    metrics.hit();
    metrics.hit();
    metrics.miss();
    metrics.keyCreated();
    metrics.refreshFailed();
    metrics.evicted();
    ObjectName name = new ObjectName("dev.envelope:type=KeyCache,name=test-jmx");

    try (MetricsRegistration registration = MetricsRegistration.register("test-jmx", metrics)) {
      assertThat(server.isRegistered(name)).isTrue();
      assertThat(server.getAttribute(name, "GenerateDataKeyCalls")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "DecryptCalls")).isEqualTo(2L);
      assertThat(server.getAttribute(name, "DecryptFailures")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "CacheHits")).isEqualTo(3L);
      assertThat(server.getAttribute(name, "CacheMisses")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "KeysCreated")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "RefreshFailures")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "Evictions")).isEqualTo(1L);
      assertThat(server.getAttribute(name, "CachedKeys")).isEqualTo(7);
    }
    assertThat(server.isRegistered(name)).isFalse();
  }

  @Test
  void counters_areMicrometerMetersWhenMicrometerIsPresent() {
    KeyCacheMetrics metrics = new KeyCacheMetrics();
    metrics.decryptCalled();
    metrics.decryptCalled();
    metrics.miss();
    SimpleMeterRegistry application = new SimpleMeterRegistry();
    Metrics.addRegistry(application);

    try (MetricsRegistration registration = MetricsRegistration.register("test-mm", metrics)) {
      assertThat(Metrics.globalRegistry.find("envelope.kms.calls")
          .tags("engine", "test-mm", "operation", "Decrypt").functionCounter().count())
          .isEqualTo(2.0);
      assertThat(Metrics.globalRegistry.find("envelope.keycache.requests")
          .tags("engine", "test-mm", "result", "miss").functionCounter().count())
          .isEqualTo(1.0);
    }
    assertThat(Metrics.globalRegistry.find("envelope.kms.calls").tags("engine", "test-mm")
        .functionCounter()).isNull();
    Metrics.removeRegistry(application);
  }
}
