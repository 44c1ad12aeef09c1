package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.EnvelopeDriver;
import dev.envelope.jdbc.EnvelopeConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** How annotations take effect, where keys are made, and the plain Statement path. */
class PolicyAndKeysTest extends EndToEndTest {

  @Test
  void annotationMadeThroughEnvelope_takesEffectAtOnce() throws SQLException {
    db.plainExecute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
        + db.textType() + ")");
    try (Connection connection = db.envelope()) {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO envelope_columns (table_name, column_name, mode)"
            + " VALUES ('patients', 'diagnosis', 'RANDOMIZED')");
      }
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "influenza");
        insert.executeUpdate();
      }
    }
    assertThat(rawDump("patients")).doesNotContain("influenza");
  }

  @Test
  void annotationMadeInATransaction_takesEffectWhenCommitted() throws SQLException {
    try (Connection migration = db.envelope()) {
      migration.setAutoCommit(false);
      try (Statement statement = migration.createStatement()) {
        statement.execute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
            + db.textType() + ")");
        statement.executeUpdate("INSERT INTO envelope_columns (table_name, column_name, mode)"
            + " VALUES ('patients', 'diagnosis', 'RANDOMIZED')");
      }
      migration.commit();
    }
    try (Connection connection = db.envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setString(2, "influenza");
      insert.executeUpdate();
    }
    assertThat(rawDump("patients")).doesNotContain("influenza");
  }

  @Test
  void annotationRolledBack_leavesTheColumnPlain() throws SQLException {
    db.plainExecute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
        + db.textType() + ")");
    try (Connection migration = db.envelope()) {
      migration.setAutoCommit(false);
      try (Statement statement = migration.createStatement()) {
        statement.executeUpdate("INSERT INTO envelope_columns (table_name, column_name, mode)"
            + " VALUES ('patients', 'diagnosis', 'RANDOMIZED')");
      }
      migration.rollback();
    }
    try (Connection connection = db.envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setString(2, "influenza");
      insert.executeUpdate();
    }
    assertThat(rawDump("patients")).contains("influenza");
  }

  @Test
  void annotationMadeElsewhere_takesEffectAfterRefresh() throws SQLException {
    db.plainExecute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
        + db.textType() + ")");
    try (Connection connection = db.envelope()) {
      db.plainExecute("INSERT INTO envelope_columns (table_name, column_name, mode)"
          + " VALUES ('patients', 'diagnosis', 'RANDOMIZED')");
      EnvelopeDriver.refreshAll();
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "measles");
        insert.executeUpdate();
      }
    }
    assertThat(rawDump("patients")).doesNotContain("measles");
  }

  @Test
  void refreshPolicyOnAConnection_readsTheAnnotationsNow() throws SQLException {
    db.plainExecute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
        + db.textType() + ")");
    try (Connection connection = db.envelope()) {
      db.plainExecute("INSERT INTO envelope_columns (table_name, column_name, mode)"
          + " VALUES ('patients', 'diagnosis', 'DETERMINISTIC')");
      connection.unwrap(EnvelopeConnection.class).refreshPolicy();
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "mumps");
        insert.executeUpdate();
      }
    }
    assertThat(rawDump("patients")).doesNotContain("mumps");
  }

  @Test
  void annotationMadeElsewhere_isNotSeenBeforeARefresh() throws SQLException {
    // The other side of the refresh tests: without one, the cached policy is in force.
    db.plainExecute("CREATE TABLE patients (id INTEGER PRIMARY KEY, diagnosis "
        + db.textType() + ")");
    try (Connection connection = db.envelope()) {
      db.plainExecute("INSERT INTO envelope_columns (table_name, column_name, mode)"
          + " VALUES ('patients', 'diagnosis', 'DETERMINISTIC')");
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO patients (id, diagnosis) VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "visible until refreshed");
        insert.executeUpdate();
      }
    }
    assertThat(rawDump("patients")).contains("visible until refreshed");
  }

  @Test
  void tableAlteredThroughEnvelope_isReadWithItsNewShape() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "note");
      try (Statement statement = connection.createStatement()) {
        // The first SELECT * reads the table's shape; the ALTER must make it read again.
        try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
          assertThat(rows.getMetaData().getColumnCount()).isEqualTo(6);
        }
        statement.execute("ALTER TABLE customers ADD COLUMN nickname VARCHAR(20)");
        try (ResultSet rows = statement.executeQuery("SELECT * FROM customers")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getMetaData().getColumnCount()).isEqualTo(7);
          assertThat(rows.getString("ssn")).isEqualTo("111-11-1111");
          assertThat(rows.getString("nickname")).isNull();
        }
      }
    }
  }

  @Test
  void rolledBackTransaction_keepsTheKeyItMade() throws SQLException {
    try (Connection connection = db.envelope()) {
      connection.setAutoCommit(false);
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "note");
      connection.rollback();
      assertThat(keyVersions()).isEqualTo(4);

      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "note");
      connection.commit();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT ssn FROM customers WHERE ssn = ?")) {
        select.setString(1, "111-11-1111");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("111-11-1111");
        }
      }
    }
    assertThat(keyVersions()).isEqualTo(4);
  }

  @Test
  void plainStatement_decryptsResultsAndRefusesLiterals() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "note");
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rows = statement.executeQuery("SELECT name, ssn, notes FROM customers")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("ssn")).isEqualTo("111-11-1111");
          assertThat(rows.getString("notes")).isEqualTo("note");
          assertThat(rows.getStatement()).isSameAs(statement);
        }
        assertThatThrownBy(() -> statement.executeUpdate(
            "UPDATE customers SET ssn = '999-99-9999'"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("customers.ssn")
            .hasMessageContaining("parameter")
            .hasMessageNotContaining("999-99-9999");
      }
    }
    assertThat(rawDump("customers")).doesNotContain("999-99-9999");
  }

  @Test
  void tablesWithoutAnnotations_passThroughUntouched() throws SQLException {
    db.plainExecute("CREATE TABLE notes_plain (id INTEGER PRIMARY KEY, body VARCHAR(100))");
    try (Connection connection = db.envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO notes_plain (id, body) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setString(2, "visible on purpose");
      insert.executeUpdate();
    }
    assertThat(rawDump("notes_plain")).contains("visible on purpose");
  }

  private int keyVersions() throws SQLException {
    try (Connection plain = db.plain();
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM envelope_keys")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
