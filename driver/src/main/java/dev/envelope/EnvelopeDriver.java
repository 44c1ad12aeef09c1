package dev.envelope;

import dev.envelope.engine.Engine;
import dev.envelope.jdbc.EnvelopeConnection;
import dev.envelope.keys.ConnectionSource;
import dev.envelope.kms.KeyProvider;
import dev.envelope.kms.KeyProviders;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Envelope JDBC driver: accepts {@code jdbc:envelope:<rest>} and opens {@code jdbc:<rest>}
 * with whichever driver accepts it, wrapping the connection so that annotated columns are
 * encrypted. Connections with the same delegate URL, properties and settings share one engine,
 * and with it the policy, the SQL analysis cache and the data-key cache.
 */
public final class EnvelopeDriver implements Driver {

  /** The URL prefix this driver accepts. */
  public static final String URL_PREFIX = "jdbc:envelope:";

  private static final Logger LOG = LoggerFactory.getLogger(EnvelopeDriver.class);
  private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();
  private static final AtomicInteger ENGINE_COUNT = new AtomicInteger();

  static {
    try {
      DriverManager.registerDriver(new EnvelopeDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(URL_PREFIX);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String delegateUrl = delegateUrl(url);
    Properties delegateProperties = EnvelopeConfig.delegateProperties(info);
    Driver delegate = findDelegate(delegateUrl);
    Engine engine = engineFor(EnvelopeConfig.resolve(info), delegate, delegateUrl,
        delegateProperties);
    Connection raw = delegate.connect(delegateUrl, delegateProperties);
    if (raw == null) {
      throw noDriver(delegateUrl, null);
    }
    return new EnvelopeConnection(raw, engine);
  }

  /** The delegate URL: the prefix {@code jdbc:envelope:} replaced by {@code jdbc:}, once. */
  static String delegateUrl(String url) throws EnvelopeException {
    String delegateUrl = "jdbc:" + url.substring(URL_PREFIX.length());
    if (delegateUrl.startsWith(URL_PREFIX) || delegateUrl.length() <= "jdbc:".length()) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          "an Envelope URL is jdbc:envelope: followed by the delegate URL without jdbc:");
    }
    return delegateUrl;
  }

  /**
   * Makes every engine in this JVM read {@code envelope_columns} again before its next
   * statement, so that annotations made outside Envelope take effect at once. To read the policy
   * of one database now, and hear of a failure, call
   * {@code connection.unwrap(EnvelopeConnection.class).refreshPolicy()}.
   */
  public static void refreshAll() {
    for (Engine engine : ENGINES.values()) {
      engine.expirePolicy();
    }
  }

  private static Engine engineFor(EnvelopeConfig config, Driver delegate, String delegateUrl,
      Properties delegateProperties) throws SQLException {
    String key = config.fingerprint(delegateUrl, canonical(delegateProperties));
    Engine engine = ENGINES.get(key);
    if (engine != null) {
      return engine;
    }
    synchronized (ENGINES) {
      engine = ENGINES.get(key);
      if (engine == null) {
        engine = startEngine(config, delegate, delegateUrl, delegateProperties);
        ENGINES.put(key, engine);
      }
      return engine;
    }
  }

  private static Engine startEngine(EnvelopeConfig config, Driver delegate, String delegateUrl,
      Properties delegateProperties) throws SQLException {
    Engine.Options options = new Engine.Options(engineName(delegateUrl),
        config.getLong(EnvelopeSetting.POLICY_REFRESH_SECONDS, 0, 86_400),
        (int) config.getLong(EnvelopeSetting.SQL_CACHE_SIZE, 16, 1_000_000),
        (int) config.getLong(EnvelopeSetting.KEY_CACHE_SIZE, 16, 1_000_000),
        config.getLong(EnvelopeSetting.KEY_CACHE_TTL_SECONDS, 1, 604_800),
        config.getBoolean(EnvelopeSetting.SCHEMA_CREATE));
    ConnectionSource connections = () -> {
      Connection connection = delegate.connect(delegateUrl, delegateProperties);
      if (connection == null) {
        throw noDriver(delegateUrl, null);
      }
      connection.setAutoCommit(true);
      return connection;
    };
    KeyProvider provider = KeyProviders.create(config);
    try {
      Engine engine = Engine.start(connections, provider, options);
      LOG.info("Envelope started {} for {} with the {} key provider", options.name(),
          subprotocol(delegateUrl), provider.name());
      return engine;
    } catch (SQLException | RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  private static Driver findDelegate(String delegateUrl) throws SQLException {
    try {
      Driver driver = DriverManager.getDriver(delegateUrl);
      if (!(driver instanceof EnvelopeDriver)) {
        return driver;
      }
    } catch (SQLException e) {
      // Application servers hide drivers from DriverManager's caller check: look further.
      LOG.debug("DriverManager has no driver for {}; trying the context class loader",
          subprotocol(delegateUrl));
    }
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(Thread.currentThread().getContextClassLoader());
    loaders.add(EnvelopeDriver.class.getClassLoader());
    for (ClassLoader loader : loaders) {
      for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
        if (!(driver instanceof EnvelopeDriver) && driver.acceptsURL(delegateUrl)) {
          return driver;
        }
      }
    }
    throw noDriver(delegateUrl, null);
  }

  private static EnvelopeException noDriver(String delegateUrl, Throwable cause) {
    return new EnvelopeException(SqlState.CONNECTION_SETTINGS, "no JDBC driver on the class path"
        + " accepts " + subprotocol(delegateUrl) + " URLs", cause);
  }

  /**
   * A name for an engine's metrics that reveals nothing: the delegate's subprotocol and a
   * counter, such as {@code postgresql-2}.
   */
  private static String engineName(String delegateUrl) {
    String name = subprotocol(delegateUrl).substring("jdbc:".length())
        .replaceAll("[^A-Za-z0-9]", "");
    return (name.isEmpty() ? "engine" : name) + "-" + ENGINE_COUNT.incrementAndGet();
  }

  /** {@code jdbc:postgresql} of a URL, without host, database or credentials. */
  static String subprotocol(String jdbcUrl) {
    int second = jdbcUrl.indexOf(':', "jdbc:".length());
    return second < 0 ? jdbcUrl : jdbcUrl.substring(0, second);
  }

  private static String canonical(Properties properties) {
    return new TreeMap<>(properties).toString();
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    List<DriverPropertyInfo> result = new ArrayList<>();
    EnvelopeConfig config = EnvelopeConfig.resolve(info);
    for (EnvelopeSetting setting : EnvelopeSetting.values()) {
      DriverPropertyInfo property = new DriverPropertyInfo(setting.key(),
          setting.isSecret() ? null : config.get(setting));
      property.description = setting.description();
      property.required = setting == EnvelopeSetting.KMS;
      result.add(property);
    }
    if (acceptsURL(url)) {
      String delegateUrl = delegateUrl(url);
      result.addAll(List.of(findDelegate(delegateUrl).getPropertyInfo(delegateUrl,
          EnvelopeConfig.delegateProperties(info))));
    }
    return result.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("Envelope logs through SLF4J");
  }
}
