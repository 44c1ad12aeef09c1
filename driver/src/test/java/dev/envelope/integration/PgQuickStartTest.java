package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The README's PostgreSQL quick start: the reference DDL applied by hand (twice, as a migration
 * tool might), columns annotated with plain SQL as in psql, and Envelope told not to create
 * anything.
 */
class PgQuickStartTest extends PostgresOnlyTest {

  @Test
  void referenceDdlAndPlainSqlAnnotations_areEnoughForEnvelope() throws Exception {
    db.plainExecute("DROP TABLE envelope_columns, envelope_keys",
        "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT, ssn TEXT, notes BYTEA)");
    String ddl = referenceDdl();
    db.plainExecute(ddl, ddl);
    db.plainExecute("INSERT INTO envelope_columns (table_name, column_name, mode)"
        + " VALUES ('patients', 'ssn', 'DETERMINISTIC'), ('patients', 'notes', 'RANDOMIZED')");

    Properties settings = new Properties();
    settings.setProperty("envelope.schema.create", "false");
    try (Connection connection = db.envelope(settings);
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO patients (id, name, ssn, notes) VALUES (?, ?, ?, ?)");
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, notes FROM patients WHERE ssn = ?")) {
      insert.setInt(1, 1);
      insert.setString(2, "Ada");
      insert.setString(3, "078-05-1120");
      insert.setBytes(4, utf8("quick start"));
      insert.executeUpdate();

      select.setString(1, "078-05-1120");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(utf8(rows.getBytes(2))).isEqualTo("quick start");
      }
    }

    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT p.ssn, p.notes, k.version FROM patients p, envelope_keys k"
                + " WHERE k.table_name = 'patients' AND k.column_name = 'ssn'");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isNotEqualTo("078-05-1120").doesNotContain("078");
      assertThat(utf8(rows.getBytes(2))).doesNotContain("quick start");
      assertThat(rows.getInt(3)).isEqualTo(1);
    }
  }

  private static String referenceDdl() throws IOException {
    try (InputStream in = PgQuickStartTest.class.getResourceAsStream(
        "/dev/envelope/sql/postgresql/schema.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
