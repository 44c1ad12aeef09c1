package dev.envelope.frameworks.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One schema of its own in the PostgreSQL test database for this JVM's Spring context. As a
 * JUnit condition, registered before the Spring extension, it skips the test class when the
 * server does not answer (so no context is started), unless
 * {@code ENVELOPE_REQUIRE_POSTGRES=true}, which makes that a failure.
 */
public final class PostgresSchema implements ExecutionCondition {

  static final String USER = System.getenv().getOrDefault("ENVELOPE_TEST_PG_USER", "postgres");
  static final String PASSWORD =
      System.getenv().getOrDefault("ENVELOPE_TEST_PG_PASSWORD", "");
  private static final String BASE_URL = System.getenv()
      .getOrDefault("ENVELOPE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String NAME =
      "boot" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

  private static boolean created;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    try {
      create();
      return ConditionEvaluationResult.enabled("PostgreSQL answers");
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

  private static synchronized void create() throws SQLException {
    if (!created) {
      try (Connection admin = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE SCHEMA " + NAME);
      }
      created = true;
    }
  }

  static String plainUrl() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + NAME;
  }

  static String envelopeUrl() {
    return "jdbc:envelope:" + plainUrl().substring("jdbc:".length());
  }

  /** A plain PostgreSQL connection to the schema: what the database really holds. */
  static Connection plain() throws SQLException {
    return DriverManager.getConnection(plainUrl(), USER, PASSWORD);
  }

  static synchronized void drop() throws SQLException {
    if (created) {
      try (Connection admin = DriverManager.getConnection(BASE_URL, USER, PASSWORD);
          Statement statement = admin.createStatement()) {
        statement.execute("DROP SCHEMA " + NAME + " CASCADE");
      }
      created = false;
    }
  }
}
