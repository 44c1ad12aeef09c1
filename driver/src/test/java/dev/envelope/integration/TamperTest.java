package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone with write access to the database changes ciphertext: a flipped bit, a value copied
 * from another column or row of another column, garbage. Reading must fail with an SQLException,
 * never return wrong data.
 */
class TamperTest extends EndToEndTest {

  @BeforeEach
  void insertRows() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1, 1}, "note one");
      insertCustomer(connection, 2, "Alan", "222-22-2222", new byte[] {2, 2}, "note two");
    }
  }

  @Test
  void flippedBitInTextColumn_isRejected() throws SQLException {
    byte[] ciphertext = Base64.getDecoder().decode(rawText("ssn", 1));
    ciphertext[ciphertext.length / 2] ^= 0x10;
    writeRawText("ssn", 1, Base64.getEncoder().encodeToString(ciphertext));

    assertReadFails("ssn", 1, "22E01");
  }

  @Test
  void flippedBitInBinaryColumn_isRejected() throws SQLException {
    byte[] ciphertext = rawBytes("photo", 1);
    ciphertext[ciphertext.length - 1] ^= 0x01;
    writeRawBytes("photo", 1, ciphertext);

    assertReadFails("photo", 1, "22E01");
  }

  @Test
  void swappedColumnCiphertext_isRejected() throws SQLException {
    // notes and ssn are both text columns of one table; each has its own key and its own name
    // in the associated data.
    writeRawText("notes", 1, rawText("ssn", 1));

    assertReadFails("notes", 1, "22E01");
  }

  @Test
  void ciphertextCopiedFromAnotherTable_isRejected() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO orders (id, memo) VALUES (?, ?)")) {
      insert.setInt(1, 1);
      insert.setString(2, "order memo");
      insert.executeUpdate();
    }
    String memo;
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement("SELECT memo FROM orders");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      memo = rows.getString(1);
    }
    writeRawText("notes", 2, memo);

    assertReadFails("notes", 2, "22E01");
  }

  @Test
  void ciphertextMovedBetweenRowsOfOneColumn_decryptsToThatRowsValue() throws SQLException {
    // Within one column every row shares the key and the associated data: a moved value reads
    // as the value it was. Documented in the README's limitations.
    writeRawText("ssn", 2, rawText("ssn", 1));

    try (Connection connection = db.envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT ssn FROM customers WHERE id = ?")) {
      select.setInt(1, 2);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("111-11-1111");
      }
    }
  }

  @Test
  void garbageAndTruncatedValues_areRejected() throws SQLException {
    writeRawText("ssn", 1, "not base64 at all!");
    assertReadFails("ssn", 1, "22E01");

    writeRawText("ssn", 1, Base64.getEncoder().encodeToString(new byte[] {1, 2, 0, 0}));
    assertReadFails("ssn", 1, "22E01");

    byte[] ciphertext = rawBytes("card", 2);
    byte[] truncated = java.util.Arrays.copyOf(ciphertext, ciphertext.length - 1);
    writeRawBytes("card", 2, truncated);
    assertReadFails("card", 2, "22E01");
  }

  private void assertReadFails(String column, int id, String sqlState) throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT " + column + " FROM customers WHERE id = ?")) {
      select.setInt(1, id);
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        SQLException failure = catchThrowableOfType(SQLException.class,
            () -> rows.getObject(1));
        assertThat((Throwable) failure).as("reading a tampered " + column).isNotNull();
        assertThat(failure.getSQLState()).isEqualTo(sqlState);
        assertThat(failure.getMessage()).contains("customers." + column)
            .doesNotContain("111-11-1111").doesNotContain("note one");
      }
    }
  }

  private String rawText(String column, int id) throws SQLException {
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT " + column + " FROM customers WHERE id = ?")) {
      select.setInt(1, id);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private byte[] rawBytes(String column, int id) throws SQLException {
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT " + column + " FROM customers WHERE id = ?")) {
      select.setInt(1, id);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getBytes(1);
      }
    }
  }

  private void writeRawText(String column, int id, String value) throws SQLException {
    try (Connection plain = db.plain();
        PreparedStatement update = plain.prepareStatement(
            "UPDATE customers SET " + column + " = ? WHERE id = ?")) {
      update.setString(1, value);
      update.setInt(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private void writeRawBytes(String column, int id, byte[] value) throws SQLException {
    try (Connection plain = db.plain();
        PreparedStatement update = plain.prepareStatement(
            "UPDATE customers SET " + column + " = ? WHERE id = ?")) {
      update.setBytes(1, value);
      update.setInt(2, id);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
