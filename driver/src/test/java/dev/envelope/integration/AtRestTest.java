package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a plain connection, a backup or a log reader sees: ciphertext only. */
class AtRestTest extends EndToEndTest {

  @Test
  void plainConnection_seesNoPlaintextOfAnnotatedColumns() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "078-05-1120", "4111111111111111".getBytes(),
          "allergic to nuts");
    }
    String raw = rawDump("customers");
    assertThat(raw).contains("Ada");
    assertThat(raw).doesNotContain("078-05-1120").doesNotContain("4111111111111111")
        .doesNotContain("allergic");
  }

  @Test
  void randomizedColumn_storesDifferentCiphertextsForEqualValues() throws SQLException {
    try (Connection connection = db.envelope()) {
      for (int id = 1; id <= 3; id++) {
        insertCustomer(connection, id, "n", "same-" + id, new byte[] {9}, "same note");
      }
    }
    List<String> notes = rawColumn("notes");
    List<String> photos = rawColumn("photo");
    assertThat(notes).hasSize(3).doesNotHaveDuplicates().allSatisfy(
        note -> assertThat(Base64.getDecoder().decode(note)).isNotEmpty());
    assertThat(photos).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void deterministicColumn_storesEqualCiphertextsForEqualValues() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "a", "123-45-6789", new byte[] {7}, "x");
      insertCustomer(connection, 2, "b", "123-45-6789", new byte[] {7}, "y");
      insertCustomer(connection, 3, "c", "987-65-4321", new byte[] {8}, "z");
    }
    List<String> ssns = rawColumn("ssn");
    List<String> cards = rawColumn("card");
    assertThat(ssns.get(0)).isEqualTo(ssns.get(1)).isNotEqualTo(ssns.get(2));
    assertThat(cards.get(0)).isEqualTo(cards.get(1)).isNotEqualTo(cards.get(2));
  }

  @Test
  void sqlNull_staysNull() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "a", null, null, null);
    }
    assertThat(rawColumn("ssn")).containsExactly((String) null);
    assertThat(rawColumn("card")).containsExactly((String) null);
    try (Connection connection = db.envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT ssn, card, notes FROM customers");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isNull();
      assertThat(rows.wasNull()).isTrue();
      assertThat(rows.getBytes(2)).isNull();
      assertThat(rows.getObject(3)).isNull();
    }
  }

  @Test
  void keyTable_holdsOnlyWrappedKeysWithTheirMasterKeyId() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "a", "1", new byte[] {1}, "n");
    }
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement("SELECT table_name, column_name,"
            + " version, master_key_id, encrypted_key FROM envelope_keys ORDER BY column_name");
        ResultSet rows = select.executeQuery()) {
      List<String> columns = new ArrayList<>();
      while (rows.next()) {
        columns.add(rows.getString(1) + "." + rows.getString(2) + " v" + rows.getInt(3));
        assertThat(rows.getString(4)).startsWith("local:");
        assertThat(rows.getBytes(5)).hasSizeGreaterThan(32);
      }
      assertThat(columns).containsExactly("customers.card v1", "customers.notes v1",
          "customers.photo v1", "customers.ssn v1");
    }
  }

  private List<String> rawColumn(String column) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT " + column + " FROM customers ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        Object value = rows.getObject(1);
        values.add(value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
            : (String) value);
      }
    }
    return values;
  }
}
