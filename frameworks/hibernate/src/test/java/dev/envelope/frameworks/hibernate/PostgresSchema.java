package dev.envelope.frameworks.hibernate;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own in the PostgreSQL test database, with a random local master key. Its
 * {@link Reachable} condition skips a test class when the server does not answer, unless
 * {@code ENVELOPE_REQUIRE_POSTGRES=true}, which makes that a failure.
 */
final class PostgresSchema implements AutoCloseable {

  private static final String BASE_URL = System.getenv()
      .getOrDefault("ENVELOPE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER =
      System.getenv().getOrDefault("ENVELOPE_TEST_PG_USER", "postgres");
  private static final String PASSWORD =
      System.getenv().getOrDefault("ENVELOPE_TEST_PG_PASSWORD", "");

  private final String name;
  private final String masterKey;

  private PostgresSchema(String name) {
    this.name = name;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.masterKey = Base64.getEncoder().encodeToString(key);
  }

  /** Creates a fresh schema. */
  static PostgresSchema create() throws SQLException {
    String name = "fw" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE SCHEMA " + name);
    }
    return new PostgresSchema(name);
  }

  String plainUrl() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  String envelopeUrl() {
    return "jdbc:envelope:" + plainUrl().substring("jdbc:".length());
  }

  /** Credentials and the Envelope settings, as an application puts them in its pool. */
  Properties envelopeProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", PASSWORD);
    properties.setProperty("envelope.kms", "local");
    properties.setProperty("envelope.local.masterKey", masterKey);
    return properties;
  }

  /** A plain PostgreSQL connection to the schema: what the database really holds. */
  Connection plain() throws SQLException {
    return DriverManager.getConnection(plainUrl(), USER, PASSWORD);
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP SCHEMA " + name + " CASCADE");
    }
  }

  /** Runs a test class only when PostgreSQL answers, or fails it when that is required. */
  static final class Reachable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      try (Connection probe = DriverManager.getConnection(BASE_URL, USER, PASSWORD)) {
        return ConditionEvaluationResult.enabled(
            "PostgreSQL " + probe.getMetaData().getDatabaseProductVersion() + " answers");
      } catch (SQLException unreachable) {
        if ("true".equalsIgnoreCase(System.getenv("ENVELOPE_REQUIRE_POSTGRES"))) {
          throw new IllegalStateException(
              "PostgreSQL is required (ENVELOPE_REQUIRE_POSTGRES=true) but not reachable",
              unreachable);
        }
        return ConditionEvaluationResult.disabled(
            "PostgreSQL is not reachable; skipped: " + unreachable.getMessage());
      }
    }
  }
}
