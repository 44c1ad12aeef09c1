package dev.envelope.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.kms.LocalKeyProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timed reread of {@code envelope_columns}: an unchanged policy keeps the analysed plans, a
 * changed one replaces them. Waits out a one-second refresh period; asserts no durations.
 */
class EngineRefreshTest {

  private static final String SQL = "SELECT id, ssn FROM customers WHERE ssn = ?";
  private static final String NOTES = "SELECT notes FROM customers";

  private String url;
  private Engine engine;

  @BeforeEach
  void startEngine() throws SQLException {
    url = "jdbc:h2:mem:refresh" + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1";
    engine = Engine.start(() -> DriverManager.getConnection(url),
        LocalKeyProvider.fromBase64(LocalKeyProvider.generateMasterKeyBase64()),
        new Engine.Options("refresh-test", 1, 100, 100, 300, true));
    execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, ssn VARCHAR(200),"
        + " notes VARCHAR(400))");
    execute("INSERT INTO envelope_columns (table_name, column_name, mode)"
        + " VALUES ('customers', 'ssn', 'DETERMINISTIC')");
    engine.refreshPolicy();
  }

  @AfterEach
  void stopEngine() throws SQLException {
    engine.close();
    execute("SHUTDOWN");
  }

  @Test
  void timedRereadOfAnUnchangedPolicy_keepsThePlans() throws Exception {
    ExecutionPlan before = engine.plan(SQL);

    Thread.sleep(1_200);
    ExecutionPlan after = engine.plan(SQL);

    assertThat(before.touchesEncryption()).isTrue();
    assertThat(after).isSameAs(before);
  }

  @Test
  void timedRereadOfAChangedPolicy_replacesThePlans() throws Exception {
    ExecutionPlan before = engine.plan(SQL);
    assertThat(engine.plan(NOTES).touchesEncryption()).isFalse();
    execute("INSERT INTO envelope_columns (table_name, column_name, mode)"
        + " VALUES ('customers', 'notes', 'RANDOMIZED')");

    Thread.sleep(1_200);

    assertThat(engine.plan(SQL)).isNotSameAs(before);
    assertThat(engine.plan(NOTES).touchesEncryption()).isTrue();
  }

  @Test
  void requestedReread_replacesThePlansEvenWhenThePolicyIsUnchanged() throws SQLException {
    ExecutionPlan before = engine.plan(SQL);
    assertThat(engine.plan(SQL)).isSameAs(before);

    engine.expirePolicy();

    assertThat(engine.plan(SQL)).isNotSameAs(before);
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
