package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Proof that plaintext of annotated columns never reaches the server: Envelope sessions are
 * opened with statement and parameter logging turned on for themselves only (pgjdbc's
 * {@code options}, passed through Envelope), a workload runs with unique markers, and the
 * server's log is searched from where it ended when the test began ({@link ServerLog}). The
 * control test runs the same workload with the columns not annotated and finds the markers, so
 * the search can fail.
 */
class ServerLogTest extends PostgresOnlyTest {

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void annotatedColumns_neverAppearInTheServerLog() throws Exception {
    String log = logOf(this::workload);

    assertThat(log).contains(marker("name"));
    for (String secret : secrets()) {
      assertThat(log).doesNotContain(secret).doesNotContainIgnoringCase(hex(secret));
    }
  }

  @Test
  void sameWorkloadWithoutAnnotations_leavesPlaintextInTheServerLog() throws Exception {
    try (Connection connection = db.envelope();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM envelope_columns WHERE table_name = 'customers'");
    }

    String log = logOf(this::workload);

    assertThat(log).contains(marker("name"));
    for (String secret : secrets()) {
      if (secret.startsWith(marker("notes"))) {
        assertThat(log).containsIgnoringCase(hex(secret));
      } else {
        assertThat(log).contains(secret);
      }
    }
  }

  /** Inserts, a batch, updates, equality searches and a delete, all with unique markers. */
  private void workload() throws SQLException {
    try (Connection connection = db.envelope(ServerLog.sessionLogging());
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO customers (id, name, ssn, notes) VALUES (?, ?, ?, ?)");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE customers SET ssn = ?, notes = ? WHERE ssn = ?");
        PreparedStatement search = connection.prepareStatement(
            "SELECT id FROM customers WHERE ssn = ? OR ssn IN (?, ?) ORDER BY id");
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM customers WHERE ssn = ?")) {
      for (int id = 1; id <= 2; id++) {
        bind(insert, id);
        insert.executeUpdate();
      }
      for (int id = 3; id <= 6; id++) {
        bind(insert, id);
        insert.addBatch();
      }
      insert.executeBatch();

      update.setString(1, marker("ssn-updated"));
      update.setBytes(2, utf8(marker("notes-updated")));
      update.setString(3, marker("ssn-1"));
      assertThat(update.executeUpdate()).isEqualTo(1);

      search.setString(1, marker("ssn-updated"));
      search.setString(2, marker("ssn-4"));
      search.setString(3, marker("ssn-missing"));
      List<Integer> found = new ArrayList<>();
      try (ResultSet rows = search.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getInt(1));
        }
      }
      assertThat(found).containsExactly(1, 4);

      delete.setString(1, marker("ssn-6"));
      assertThat(delete.executeUpdate()).isEqualTo(1);
    }
  }

  private void bind(PreparedStatement insert, int id) throws SQLException {
    insert.setInt(1, id);
    insert.setString(2, marker("name"));
    insert.setString(3, marker("ssn-" + id));
    insert.setBytes(4, utf8(marker("notes-" + id)));
  }

  private List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    for (int id = 1; id <= 6; id++) {
      secrets.add(marker("ssn-" + id));
      secrets.add(marker("notes-" + id));
    }
    secrets.addAll(List.of(marker("ssn-updated"), marker("notes-updated"),
        marker("ssn-missing")));
    return secrets;
  }

  private String marker(String what) {
    return "envelope-" + run + "-" + what;
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(utf8(text));
  }

  /** What the server logged while {@code work} ran. */
  private String logOf(Work work) throws Exception {
    ServerLog log = ServerLog.start(db);
    work.run();
    return log.read();
  }

  /** A workload that may throw what JDBC throws. */
  @FunctionalInterface
  private interface Work {
    void run() throws SQLException;
  }
}
