package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A corpus of statements that use annotated columns in ways the encryption cannot honour. Each
 * must fail with an SQLException of class 0A that names the table, on both the prepared and the
 * plain statement path, before the database sees it; none may leave plaintext at rest.
 */
class FailClosedTest extends EndToEndTest {

  private static final String SECRET = "078-05-1120";
  private static final String NOTE = "secret note";

  private static final String CONTROL = "SELECT id FROM customers WHERE ssn = ?";

  /**
   * A statement in PostgreSQL's log ("parse <unnamed>: SELECT ...", "execute S_1: ...",
   * "statement: ...") or its parameters ("DETAIL:  parameters: $1 = '...'").
   */
  private static final Pattern LOGGED_STATEMENT = Pattern.compile(
      "(?:(?:parse|bind|execute) [^:]*|statement|DETAIL): +(.*)$", Pattern.MULTILINE);

  private ServerLog serverLog;

  static final List<String> CORPUS = List.of(
      "SELECT id FROM customers WHERE ssn LIKE ?",
      "SELECT id FROM customers WHERE ssn LIKE '078%'",
      "SELECT id FROM customers WHERE ssn = '" + SECRET + "'",
      "SELECT id FROM customers WHERE notes = ?",
      "SELECT id FROM customers WHERE notes <> ?",
      "SELECT id FROM customers WHERE notes IN (?, ?)",
      "SELECT id FROM customers ORDER BY ssn",
      "SELECT id FROM customers ORDER BY notes DESC",
      "SELECT id FROM customers WHERE ssn < ?",
      "SELECT id FROM customers WHERE ssn > '078'",
      "SELECT id FROM customers WHERE ssn BETWEEN ? AND ?",
      "SELECT UPPER(ssn) FROM customers",
      "SELECT LENGTH(notes) FROM customers",
      "SELECT id FROM customers WHERE LOWER(ssn) = ?",
      "SELECT ssn || 'x' FROM customers",
      "SELECT id FROM customers WHERE ssn = name",
      "SELECT id FROM customers WHERE ssn = notes",
      "SELECT c.id FROM customers c JOIN orders o ON o.memo = c.notes",
      "SELECT notes FROM customers GROUP BY notes",
      "SELECT DISTINCT notes FROM customers",
      "SELECT id FROM customers GROUP BY id HAVING MAX(ssn) = ?",
      "SELECT MAX(ssn) FROM customers",
      "SELECT CAST(ssn AS VARCHAR(20)) FROM customers",
      "SELECT CASE WHEN notes IS NULL THEN ssn ELSE name END FROM customers",
      "INSERT INTO customers (id, ssn) VALUES (1, '" + SECRET + "')",
      "INSERT INTO customers (id, notes) VALUES (1, '" + NOTE + "')",
      "INSERT INTO customers VALUES (1, 'n', '" + SECRET + "', NULL, NULL, NULL)",
      "INSERT INTO customers (id, ssn) VALUES (?, UPPER(?))",
      "INSERT INTO customers (id, ssn) VALUES (?, ? || 'x')",
      "INSERT INTO customers (id, ssn) SELECT id + 100, name FROM customers",
      "INSERT INTO customers (id, name) SELECT id + 100, ssn FROM customers",
      "INSERT INTO customers (id, ssn) SELECT id + 100, notes FROM customers",
      "INSERT INTO orders (id, memo) SELECT id + 100, notes FROM customers",
      "UPDATE customers SET ssn = '" + SECRET + "' WHERE id = ?",
      "UPDATE customers SET notes = '" + NOTE + "'",
      "UPDATE customers SET ssn = name",
      "UPDATE customers SET ssn = notes",
      "UPDATE customers SET ssn = UPPER(ssn)",
      "UPDATE customers SET name = ssn",
      "UPDATE customers SET name = ? WHERE notes = ?",
      "UPDATE customers SET name = ? WHERE ssn LIKE ?",
      "DELETE FROM customers WHERE notes = ?",
      "DELETE FROM customers WHERE ssn = '" + SECRET + "'",
      "DELETE FROM customers WHERE ssn > ?",
      "SELECT id FROM customers WHERE ssn IN ('" + SECRET + "', ?)",
      "SELECT id FROM customers WHERE ssn NOT LIKE ?",
      "SELECT id FROM customers WHERE ssn IN (SELECT name FROM customers)",
      "SELECT id FROM customers WHERE ssn IN (SELECT notes FROM customers)",
      "SELECT ssn FROM customers UNION SELECT name FROM customers",
      "SELECT ssn FROM customers UNION SELECT notes FROM customers",
      "SELECT notes FROM customers UNION SELECT notes FROM customers",
      "SELECT id FROM customers WHERE COALESCE(ssn, ?) = ?",
      "SELECT id FROM customers WHERE ssn + 1 = ?",
      "SELECT id FROM customers WHERE SUBSTRING(ssn, 1, 3) = ?",
      "SELECT id FROM customers WHERE ssn = ? OR notes = ?",
      "SELECT id FROM customers c WHERE c.notes = ?",
      "select c1_0.id from customers c1_0 where c1_0.notes=?",
      "select c1_0.id from customers c1_0 order by c1_0.ssn",
      "SELECT id FROM customers WHERE ssn >= ? AND ssn <= ?",
      "SELECT id, ROW_NUMBER() OVER (ORDER BY ssn) FROM customers",
      "SELECT id FROM customers WHERE card = '" + SECRET + "'",
      "SELECT id FROM customers WHERE ssn = CAST(? AS VARCHAR(20))",
      "SELECT id FROM customers WHERE EXISTS (SELECT 1 FROM orders o WHERE o.memo = ?)",
      "SELECT id FROM customers WHERE photo = ?",
      "UPDATE orders SET memo = '" + NOTE + "' WHERE id = ?",
      "SELECT o.id FROM orders o WHERE o.memo LIKE '%" + NOTE + "%'");

  @Test
  void everyStatementOfTheCorpus_failsClosedBeforeItIsSent() throws Exception {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "first");
    }
    String before = rawDump("customers") + rawDump("orders");
    startRecordingStatements();

    List<String> accepted = new ArrayList<>();
    try (Connection connection = recordedEnvelope()) {
      for (String sql : CORPUS) {
        SQLException prepared = catchThrowableOfType(SQLException.class,
            () -> connection.prepareStatement(sql).close());
        SQLException plain = catchThrowableOfType(SQLException.class, () -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
          }
        });
        if (prepared == null || plain == null) {
          accepted.add(sql);
          continue;
        }
        for (SQLException failure : List.of(prepared, plain)) {
          assertThat(failure.getSQLState()).as(sql).startsWith("0A");
          assertThat(failure.getMessage()).as(sql).containsAnyOf("customers", "orders")
              .doesNotContain(SECRET).doesNotContain(NOTE);
        }
      }
    }

    // A control statement that is allowed: the recording must show it, so it can show others.
    try (Connection connection = recordedEnvelope();
        PreparedStatement control = connection.prepareStatement(CONTROL)) {
      control.setString(1, "111-11-1111");
      assertThat(ids(control)).containsExactly(1);
    }

    assertThat(accepted).as("statements that did not fail closed").isEmpty();
    assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(60);
    assertThat(recordedStatements()).as("statements the database received")
        .noneMatch(CORPUS::contains)
        .noneMatch(sql -> sql.contains(SECRET) || sql.contains(NOTE));
    assertThat(rawDump("customers") + rawDump("orders")).isEqualTo(before)
        .doesNotContain(SECRET).doesNotContain(NOTE);
  }

  /**
   * On H2 the server records every statement it runs, and on PostgreSQL the server logs those of
   * the sessions that ask for it, so "not sent" can be checked on both.
   */
  private void startRecordingStatements() throws SQLException, IOException {
    if (db.kind() == TestDatabase.Kind.H2) {
      db.plainExecute("SET QUERY_STATISTICS TRUE");
    } else {
      serverLog = ServerLog.start(db);
    }
  }

  private Connection recordedEnvelope() throws SQLException {
    return db.kind() == TestDatabase.Kind.H2 ? db.envelope()
        : db.envelope(ServerLog.sessionLogging());
  }

  /** What the database received, with JDBC's {@code ?} for PostgreSQL's {@code $n}. */
  private List<String> recordedStatements()
      throws SQLException, IOException, InterruptedException {
    List<String> statements = new ArrayList<>();
    if (db.kind() == TestDatabase.Kind.H2) {
      try (Connection plain = db.plain();
          Statement statement = plain.createStatement();
          ResultSet rows = statement.executeQuery(
              "SELECT SQL_STATEMENT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
        while (rows.next()) {
          statements.add(rows.getString(1));
        }
      }
    } else {
      Matcher logged = LOGGED_STATEMENT.matcher(serverLog.read());
      while (logged.find()) {
        statements.add(logged.group(1).replaceAll("\\$\\d+", "?"));
      }
    }
    assertThat(statements).as("the database records statements").contains(CONTROL);
    return statements;
  }
}
