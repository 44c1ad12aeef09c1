package dev.envelope.metrics;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an engine's key-cache counters: always as a JMX MBean, and to Micrometer's global
 * registry when Micrometer is on the class path. Closing it withdraws both.
 */
public final class MetricsRegistration implements AutoCloseable {

  /** The JMX domain of Envelope's MBeans. */
  public static final String DOMAIN = "dev.envelope";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsRegistration.class);
  private static final String MICROMETER = "io.micrometer.core.instrument.Metrics";

  private final ObjectName objectName;
  private final Runnable micrometer;

  private MetricsRegistration(ObjectName objectName, Runnable micrometer) {
    this.objectName = objectName;
    this.micrometer = micrometer;
  }

  /**
   * Registers the counters under a short name that identifies the engine and reveals nothing,
   * such as {@code h2-1}.
   */
  public static MetricsRegistration register(String engineName, KeyCacheMetrics metrics) {
    ObjectName name = null;
    try {
      name = objectName(engineName);
      ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, name);
    } catch (JMException e) {
      LOG.warn("Envelope could not register its key-cache MBean {}", name, e);
      name = null;
    }
    return new MetricsRegistration(name, micrometer(engineName, metrics));
  }

  /** The JMX name of an engine's key-cache MBean; the engine name is letters, digits, '-'. */
  public static ObjectName objectName(String engineName) throws JMException {
    return new ObjectName(DOMAIN + ":type=KeyCache,name=" + engineName);
  }

  private static Runnable micrometer(String engineName, KeyCacheMetrics metrics) {
    try {
      Class.forName(MICROMETER, false, MetricsRegistration.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      LOG.debug("Micrometer is not on the class path; key-cache metrics are in JMX only");
      return null;
    }
    return MicrometerMetrics.bind(engineName, metrics);
  }

  @Override
  public void close() {
    if (objectName != null) {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      try {
        server.unregisterMBean(objectName);
      } catch (JMException e) {
        LOG.debug("Envelope's key-cache MBean {} was already gone", objectName, e);
      }
    }
    if (micrometer != null) {
      micrometer.run();
    }
  }
}
