package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Equality search on deterministic columns, through every statement shape that allows it. */
class SearchTest extends EndToEndTest {

  @BeforeEach
  void insertCustomers() throws SQLException {
    try (Connection connection = db.envelope()) {
      insertCustomer(connection, 1, "Ada", "111-11-1111", new byte[] {1}, "first");
      insertCustomer(connection, 2, "Alan", "222-22-2222", new byte[] {2}, "second");
      insertCustomer(connection, 3, "Grace", "333-33-3333", new byte[] {3}, "third");
      insertCustomer(connection, 4, "Nobody", null, null, null);
      try (PreparedStatement order = connection.prepareStatement(
          "INSERT INTO orders (id, customer_id, amount, memo) VALUES (?, ?, ?, ?), (?, ?, ?, ?)")) {
        order.setInt(1, 10);
        order.setInt(2, 2);
        order.setBigDecimal(3, new java.math.BigDecimal("9.99"));
        order.setString(4, "gift wrap");
        order.setInt(5, 11);
        order.setInt(6, 3);
        order.setBigDecimal(7, new java.math.BigDecimal("20.00"));
        order.setString(8, "leave at door");
        order.executeUpdate();
      }
    }
  }

  @Test
  void equalityOnDeterministicText_findsTheRow() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT id, ssn, notes FROM customers WHERE ssn = ?")) {
      query.setString(1, "222-22-2222");
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt("id")).isEqualTo(2);
        assertThat(rows.getString("ssn")).isEqualTo("222-22-2222");
        assertThat(rows.getString("notes")).isEqualTo("second");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void equalityOnDeterministicBinary_findsTheRow() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT id FROM customers WHERE card = ?")) {
      query.setBytes(1, new byte[] {3});
      assertThat(ids(query)).containsExactly(3);
    }
  }

  @Test
  void notEqualAndIsNull_followPlaintextSemantics() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement notEqual = connection.prepareStatement(
            "SELECT id FROM customers WHERE ssn <> ? ORDER BY id");
        PreparedStatement isNull = connection.prepareStatement(
            "SELECT id FROM customers WHERE ssn IS NULL AND notes IS NULL");
        PreparedStatement notNull = connection.prepareStatement(
            "SELECT id FROM customers WHERE notes IS NOT NULL ORDER BY id")) {
      notEqual.setString(1, "111-11-1111");
      assertThat(ids(notEqual)).containsExactly(2, 3);
      assertThat(ids(isNull)).containsExactly(4);
      assertThat(ids(notNull)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void inList_findsEveryMatch() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT id FROM customers WHERE ssn IN (?, ?, ?) ORDER BY id")) {
      query.setString(1, "333-33-3333");
      query.setString(2, "111-11-1111");
      query.setString(3, "999-99-9999");
      assertThat(ids(query)).containsExactly(1, 3);
    }
  }

  @Test
  void updateByDeterministicColumn_changesOnlyThatRow() throws SQLException {
    try (Connection connection = db.envelope()) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE customers SET notes = ?, ssn = ? WHERE ssn = ?")) {
        update.setString(1, "moved");
        update.setString(2, "444-44-4444");
        update.setString(3, "111-11-1111");
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT notes FROM customers WHERE ssn = ?")) {
        query.setString(1, "444-44-4444");
        try (ResultSet rows = query.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("moved");
        }
      }
    }
    assertThat(rawDump("customers")).doesNotContain("moved").doesNotContain("444-44-4444");
  }

  @Test
  void deleteByDeterministicColumn_removesOnlyThatRow() throws SQLException {
    try (Connection connection = db.envelope()) {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM customers WHERE ssn = ?")) {
        delete.setString(1, "333-33-3333");
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement all = connection.prepareStatement(
          "SELECT id FROM customers ORDER BY id")) {
        assertThat(ids(all)).containsExactly(1, 2, 4);
      }
    }
  }

  @Test
  void joinWithAliases_decryptsBothTables() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT c.id, c.ssn AS tax_id, o.memo, o.amount FROM customers c"
                + " JOIN orders o ON o.customer_id = c.id WHERE c.ssn = ?")) {
      query.setString(1, "333-33-3333");
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(3);
        assertThat(rows.getString("tax_id")).isEqualTo("333-33-3333");
        assertThat(rows.getString("memo")).isEqualTo("leave at door");
        assertThat(rows.getBigDecimal("amount")).isEqualByComparingTo("20.00");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void subqueryAndSelectStar_decryptEveryAnnotatedColumn() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT * FROM customers WHERE id IN (SELECT customer_id FROM orders"
                + " WHERE amount > ?) ORDER BY id")) {
      query.setBigDecimal(1, new java.math.BigDecimal("10"));
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString("ssn")).isEqualTo("333-33-3333");
        assertThat(rows.getBytes("card")).containsExactly(3);
        assertThat(rows.getString("notes")).isEqualTo("third");
        assertThat(rows.getBytes("photo")).containsExactly(1, 2, 3);
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void unionOfTheSameColumn_decrypts() throws SQLException {
    try (Connection connection = db.envelope();
        PreparedStatement query = connection.prepareStatement(
            "SELECT ssn FROM customers WHERE id = ? UNION ALL SELECT ssn FROM customers"
                + " WHERE id = ?")) {
      query.setInt(1, 1);
      query.setInt(2, 2);
      java.util.List<String> ssns = new java.util.ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ssns.add(rows.getString(1));
        }
      }
      assertThat(ssns).containsExactlyInAnyOrder("111-11-1111", "222-22-2222");
    }
  }
}
