package dev.envelope.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Which test databases this machine has. */
final class Databases {

  private static final Logger LOG = LoggerFactory.getLogger(Databases.class);
  private static Boolean postgres;

  private Databases() {
  }

  /** Whether the PostgreSQL test server answers; asked once per JVM. */
  static synchronized boolean postgresReachable() {
    if (postgres == null) {
      String url = System.getenv().getOrDefault("ENVELOPE_TEST_PG_URL",
          "jdbc:postgresql://127.0.0.1:5432/test");
      try (Connection connection = DriverManager.getConnection(url, TestDatabase.pgUser(),
          TestDatabase.pgPassword())) {
        postgres = connection.isValid(5);
      } catch (SQLException e) {
        LOG.warn("PostgreSQL is not reachable; its tests are SKIPPED: {}", e.getMessage());
        postgres = false;
      }
    }
    return postgres;
  }
}
