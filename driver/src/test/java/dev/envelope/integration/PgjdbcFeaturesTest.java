package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.jdbc.EnvelopeConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/** pgjdbc features used through Envelope: each still encrypts, decrypts and searches. */
class PgjdbcFeaturesTest extends PostgresOnlyTest {

  private static final String INSERT =
      "INSERT INTO customers (name, ssn, notes) VALUES (?, ?, ?)";

  @Test
  void unwrap_reachesThePgConnectionAndPgStatement() throws SQLException {
    try (Connection connection = envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT ssn FROM customers WHERE ssn = ?")) {
      assertThat(connection).isInstanceOf(EnvelopeConnection.class);
      assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
      assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isPositive();

      assertThat(select.isWrapperFor(PGStatement.class)).isTrue();
      assertThat(select.unwrap(PGStatement.class).getPrepareThreshold()).isPositive();
    }
  }

  @Test
  void generatedKeys_returnTheIdAndDecryptedAnnotatedColumns() throws SQLException {
    try (Connection connection = envelope();
        PreparedStatement insert = connection.prepareStatement(INSERT,
            Statement.RETURN_GENERATED_KEYS);
        PreparedStatement named = connection.prepareStatement(INSERT,
            new String[] {"id", "ssn"})) {
      bind(insert, "Ada", "078-05-1120", "first note");
      assertThat(insert.executeUpdate()).isEqualTo(1);
      try (ResultSet keys = insert.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getInt("id")).isEqualTo(1);
        assertThat(keys.getString("ssn")).isEqualTo("078-05-1120");
        assertThat(utf8(keys.getBytes("notes"))).isEqualTo("first note");
      }

      bind(named, "Bob", "219-09-9999", "second note");
      named.executeUpdate();
      try (ResultSet keys = named.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getInt(1)).isEqualTo(2);
        assertThat(keys.getString(2)).isEqualTo("219-09-9999");
      }
    }
    assertThat(rawCustomers()).contains("Ada", "Bob").doesNotContain("078-05-1120")
        .doesNotContain("219-09-9999").doesNotContain("note");
  }

  @Test
  void returningClause_givesDecryptedAnnotatedColumns() throws SQLException {
    try (Connection connection = envelope();
        PreparedStatement insert = connection.prepareStatement(
            INSERT + " RETURNING id, ssn, notes");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE customers SET ssn = ? WHERE ssn = ? RETURNING id, name, ssn")) {
      bind(insert, "Ada", "078-05-1120", "a note");
      try (ResultSet returned = insert.executeQuery()) {
        assertThat(returned.next()).isTrue();
        assertThat(returned.getInt(1)).isEqualTo(1);
        assertThat(returned.getString(2)).isEqualTo("078-05-1120");
        assertThat(utf8(returned.getBytes(3))).isEqualTo("a note");
      }

      update.setString(1, "999-99-9999");
      update.setString(2, "078-05-1120");
      try (ResultSet returned = update.executeQuery()) {
        assertThat(returned.next()).isTrue();
        assertThat(returned.getString("name")).isEqualTo("Ada");
        assertThat(returned.getString("ssn")).isEqualTo("999-99-9999");
      }
    }
    assertThat(rawCustomers()).doesNotContain("999-99-9999").doesNotContain("a note");
  }

  @Test
  void rewrittenBatchInsert_encryptsEveryRow() throws SQLException {
    try (Connection connection = envelope("reWriteBatchedInserts", "true");
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (int i = 0; i < 50; i++) {
        bind(insert, "name-" + i, "ssn-batch-" + i, "note-batch-" + i);
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      assertThat(counts).hasSize(50);
    }

    String raw = rawCustomers();
    assertThat(raw).contains("name-0", "name-49").doesNotContain("ssn-batch")
        .doesNotContain("note-batch");
    try (Connection connection = envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT name, notes FROM customers WHERE ssn = ?")) {
      select.setString(1, "ssn-batch-37");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("name-37");
        assertThat(utf8(rows.getBytes(2))).isEqualTo("note-batch-37");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @ParameterizedTest(name = "prepareThreshold={0}")
  @ValueSource(ints = {1, -1})
  void serverSidePreparedStatements_encryptAndSearchOnEveryExecution(int threshold)
      throws SQLException {
    try (Connection connection = envelope("prepareThreshold", Integer.toString(threshold));
        PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, notes FROM customers WHERE ssn = ?")) {
      for (int i = 0; i < 8; i++) {
        bind(insert, "n" + i, "ssn-" + i, "note-" + i);
        insert.executeUpdate();
      }
      assertThat(insert.unwrap(PGStatement.class).isUseServerPrepare()).isTrue();

      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 8; i++) {
          select.setString(1, "ssn-" + i);
          try (ResultSet rows = select.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(i + 1);
            assertThat(utf8(rows.getBytes(2))).isEqualTo("note-" + i);
          }
        }
      }
      assertThat(select.unwrap(PGStatement.class).isUseServerPrepare()).isTrue();
    }
    assertThat(rawCustomers()).doesNotContain("ssn-").doesNotContain("note-");
  }

  @Test
  void fetchSizeInATransaction_streamsEveryRowDecrypted() throws SQLException {
    try (Connection connection = envelope()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        for (int i = 0; i < 120; i++) {
          bind(insert, "n" + i, "ssn-" + i, "note-" + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }

      List<String> seen = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, ssn, notes FROM customers ORDER BY id")) {
        select.setFetchSize(10);
        assertThat(((Statement) select.unwrap(PGStatement.class)).getFetchSize()).isEqualTo(10);
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.getFetchSize()).isEqualTo(10);
          while (rows.next()) {
            int id = rows.getInt(1);
            assertThat(rows.getString(2)).isEqualTo("ssn-" + (id - 1));
            seen.add(utf8(rows.getBytes(3)));
          }
        }
      }
      connection.commit();
      assertThat(seen).hasSize(120).startsWith("note-0").endsWith("note-119");
    }
  }

  @Test
  void onConflictDoUpdate_encryptsTheExcludedValues() throws SQLException {
    String upsert = "INSERT INTO customers (id, name, ssn, notes) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (id) DO UPDATE SET ssn = EXCLUDED.ssn, notes = EXCLUDED.notes";
    try (Connection connection = envelope();
        PreparedStatement statement = connection.prepareStatement(upsert)) {
      upsert(statement, 1, "old-ssn-1", "old note");
      upsert(statement, 1, "new-ssn-1", "new note");
      upsert(statement, 2, "ssn-2", "other note");
    }

    assertThat(rawCustomers()).doesNotContain("ssn-").doesNotContain("note");
    try (Connection connection = envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, notes FROM customers WHERE ssn = ?")) {
      select.setString(1, "new-ssn-1");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(1);
        assertThat(utf8(rows.getBytes(2))).isEqualTo("new note");
        assertThat(rows.next()).isFalse();
      }
      select.setString(1, "old-ssn-1");
      assertThat(ids(select)).isEmpty();
    }
  }

  @Test
  void schemaQualifiedTableNames_areEncryptedLikeUnqualifiedOnes() throws SQLException {
    String table = db.schema() + ".customers";
    try (Connection connection = envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO " + table + " (name, ssn, notes) VALUES (?, ?, ?)");
        PreparedStatement update = connection.prepareStatement(
            "UPDATE " + table + " SET notes = ? WHERE ssn = ?");
        PreparedStatement select = connection.prepareStatement(
            "SELECT c.id, c.ssn, c.notes FROM " + table + " c WHERE c.ssn = ?")) {
      bind(insert, "Ada", "078-05-1120", "first");
      insert.executeUpdate();
      update.setBytes(1, utf8("second"));
      update.setString(2, "078-05-1120");
      assertThat(update.executeUpdate()).isEqualTo(1);

      select.setString(1, "078-05-1120");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(2)).isEqualTo("078-05-1120");
        assertThat(utf8(rows.getBytes(3))).isEqualTo("second");
      }
    }
    assertThat(rawCustomers()).contains("Ada").doesNotContain("078-05-1120")
        .doesNotContain("first").doesNotContain("second");
  }

  @Test
  void copyOfAnAnnotatedTable_isRefusedBeforeItIsSent() throws SQLException {
    List<String> copies = List.of(
        "COPY customers FROM STDIN",
        "COPY customers TO STDOUT",
        "COPY customers (id, ssn) FROM STDIN WITH (FORMAT csv)",
        "COPY " + db.schema() + ".customers TO STDOUT",
        "COPY (SELECT ssn FROM customers) TO STDOUT");
    try (Connection connection = envelope(); Statement statement = connection.createStatement()) {
      for (String copy : copies) {
        assertThatThrownBy(() -> statement.execute(copy)).as(copy)
            .isInstanceOfSatisfying(SQLException.class, PgjdbcFeaturesTest::isRefusal)
            .hasMessageContaining("customers");
        assertThatThrownBy(() -> connection.prepareStatement(copy).execute()).as(copy)
            .isInstanceOfSatisfying(SQLException.class, PgjdbcFeaturesTest::isRefusal);
      }
    }
  }

  private static void isRefusal(SQLException refused) {
    assertThat(refused.getSQLState()).isEqualTo("0AE03");
  }

  private static void bind(PreparedStatement statement, String name, String ssn, String notes)
      throws SQLException {
    statement.setString(1, name);
    statement.setString(2, ssn);
    statement.setBytes(3, utf8(notes));
  }

  private static void upsert(PreparedStatement statement, int id, String ssn, String notes)
      throws SQLException {
    statement.setInt(1, id);
    statement.setString(2, "n" + id);
    statement.setString(3, ssn);
    statement.setBytes(4, utf8(notes));
    statement.executeUpdate();
  }

  private static List<Integer> ids(PreparedStatement query) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    return ids;
  }
}
