package dev.envelope.integration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which test databases this machine has. PostgreSQL tests are skipped, with a warning, when the
 * server does not answer; with {@code ENVELOPE_REQUIRE_POSTGRES=true} (as in CI) they fail
 * instead, so that a missing server cannot pass unnoticed.
 */
final class Databases {

  static final String REQUIRE_POSTGRES = "ENVELOPE_REQUIRE_POSTGRES";

  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);
  private static Boolean postgres;
  private static String postgresProblem;

  private Databases() {
  }

  /** Whether a PostgreSQL suite that cannot run must fail rather than be skipped. */
  static boolean postgresRequired() {
    return Boolean.parseBoolean(System.getenv(REQUIRE_POSTGRES));
  }

  /**
   * Whether the PostgreSQL test server answers; asked once per JVM.
   *
   * @throws IllegalStateException when it does not and {@value #REQUIRE_POSTGRES} is set
   */
  static synchronized boolean postgresReachable() {
    if (postgres == null) {
      String url = System.getenv().getOrDefault("ENVELOPE_TEST_PG_URL",
          "jdbc:postgresql://127.0.0.1:5432/test");
      try (Connection connection = DriverManager.getConnection(url, TestDatabase.pgUser(),
          TestDatabase.pgPassword())) {
        postgres = connection.isValid(5);
        postgresProblem = postgres ? null : "the connection was not valid";
      } catch (SQLException e) {
        postgres = false;
        postgresProblem = e.getMessage();
      }
      if (!postgres && !postgresRequired()) {
        LOG.warn("PostgreSQL is not reachable; its tests are SKIPPED: {}", postgresProblem);
      }
    }
    if (!postgres && postgresRequired()) {
      throw new IllegalStateException(REQUIRE_POSTGRES + " is set but PostgreSQL "
          + "(ENVELOPE_TEST_PG_URL) is not reachable: " + postgresProblem);
    }
    return postgres;
  }

  /** Skips the calling test when PostgreSQL does not answer (fails it when it is required). */
  static void assumePostgres() {
    assumeTrue(postgresReachable(), "PostgreSQL is not reachable");
  }

  /**
   * Skips the calling PostgreSQL test when the server cannot give what it needs, or fails it
   * when the PostgreSQL suite is required.
   */
  static void assumePostgresCan(boolean condition, String what) {
    if (!condition && postgresRequired()) {
      throw new IllegalStateException(REQUIRE_POSTGRES + " is set but " + what);
    }
    assumeTrue(condition, what);
  }
}
