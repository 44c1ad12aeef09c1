package dev.envelope.integration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.envelope.EnvelopeDriver;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh, isolated database for one test: an H2 in-memory database of its own, or a schema of
 * its own in the PostgreSQL test database. Gives Envelope connections (with a test master key)
 * and plain connections to the same data, so tests can look at what is really stored.
 */
public final class TestDatabase implements AutoCloseable {

  /** The databases the end-to-end suite runs on. */
  public enum Kind {
    H2, POSTGRESQL
  }

  private final Kind kind;
  private final String plainUrl;
  private final String schema;
  private final String masterKey;
  private final Properties settings;

  private TestDatabase(Kind kind, String plainUrl, String schema, Properties settings) {
    this.kind = kind;
    this.plainUrl = plainUrl;
    this.schema = schema;
    this.settings = settings;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.masterKey = Base64.getEncoder().encodeToString(key);
  }

  /** A new, empty database of this kind, with the local key provider. */
  public static TestDatabase create(Kind kind) throws SQLException {
    return create(kind, null);
  }

  /**
   * A new, empty database of this kind whose Envelope connections use these {@code envelope.*}
   * settings instead of the local key provider; {@code null} keeps the local provider.
   */
  public static TestDatabase create(Kind kind, Properties settings) throws SQLException {
    String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    if (kind == Kind.H2) {
      return new TestDatabase(kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null,
          settings);
    }
    String base = System.getenv().getOrDefault("ENVELOPE_TEST_PG_URL",
        "jdbc:postgresql://127.0.0.1:5432/test");
    try (Connection admin = DriverManager.getConnection(base, pgUser(), pgPassword());
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    }
    String separator = base.contains("?") ? "&" : "?";
    return new TestDatabase(kind, base + separator + "currentSchema=" + name, name, settings);
  }

  static String pgUser() {
    return System.getenv().getOrDefault("ENVELOPE_TEST_PG_USER", "postgres");
  }

  static String pgPassword() {
    return System.getenv().getOrDefault("ENVELOPE_TEST_PG_PASSWORD", "");
  }

  public Kind kind() {
    return kind;
  }

  /** The Envelope URL of this database. */
  public String envelopeUrl() {
    return "jdbc:envelope:" + plainUrl.substring("jdbc:".length());
  }

  /** The base64 master key of the local provider. */
  public String masterKey() {
    return masterKey;
  }

  /** Envelope settings and credentials for this database. */
  public Properties envelopeProperties() {
    Properties properties = credentials();
    if (settings == null) {
      properties.setProperty("envelope.kms", "local");
      properties.setProperty("envelope.local.masterKey", masterKey);
    } else {
      properties.putAll(settings);
    }
    return properties;
  }

  /** A connection through Envelope with these settings on top of this database's own. */
  public Connection envelope(Properties extra) throws SQLException {
    Properties properties = envelopeProperties();
    properties.putAll(extra);
    return DriverManager.getConnection(envelopeUrl(), properties);
  }

  private Properties credentials() {
    Properties properties = new Properties();
    if (kind == Kind.POSTGRESQL) {
      properties.setProperty("user", pgUser());
      properties.setProperty("password", pgPassword());
    } else {
      properties.setProperty("user", "sa");
      properties.setProperty("password", "");
    }
    return properties;
  }

  /** A connection through Envelope. */
  public Connection envelope() throws SQLException {
    return DriverManager.getConnection(envelopeUrl(), envelopeProperties());
  }

  /** The schema of this test's PostgreSQL database, {@code null} on H2. */
  public String schema() {
    return schema;
  }

  /** A plain connection to the same database, to look at what is really stored. */
  public Connection plain() throws SQLException {
    return DriverManager.getConnection(plainUrl, credentials());
  }

  /** A HikariCP pool on the Envelope URL, configured as an application would. */
  public HikariDataSource pool() {
    // Make sure the driver is registered before Hikari asks DriverManager.
    new EnvelopeDriver().acceptsURL(envelopeUrl());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(envelopeUrl());
    config.setDataSourceProperties(envelopeProperties());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /** The SQL type of a column that holds ciphertext as bytes. */
  public String binaryType() {
    return kind == Kind.H2 ? "VARBINARY(8192)" : "BYTEA";
  }

  /** The SQL type of a column that holds ciphertext as base64 text. */
  public String textType() {
    return kind == Kind.H2 ? "VARCHAR(16000)" : "TEXT";
  }

  /** Runs statements on a plain connection. */
  public void plainExecute(String... statements) throws SQLException {
    try (Connection connection = plain(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Annotates columns through Envelope, so the change takes effect at once (the metadata
   * tables are created on the first Envelope connection).
   */
  public void annotate(String table, String column, String mode) throws SQLException {
    try (Connection connection = envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO envelope_columns (table_name, column_name, mode) VALUES (?, ?, ?)")) {
      insert.setString(1, table);
      insert.setString(2, column);
      insert.setString(3, mode);
      insert.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    if (kind == Kind.H2) {
      plainExecute("SHUTDOWN");
    } else {
      try (Connection admin = DriverManager.getConnection(
          plainUrl.substring(0, plainUrl.indexOf("currentSchema") - 1), credentials());
          Statement statement = admin.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Override
  public String toString() {
    return kind.name();
  }
}
