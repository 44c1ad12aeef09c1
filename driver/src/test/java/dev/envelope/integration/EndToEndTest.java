package dev.envelope.integration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The base of the end-to-end suite: every subclass runs once on H2 and once on PostgreSQL (when
 * the server answers), against a fresh database with the customers fixture:
 * {@code customers.ssn} (text, deterministic), {@code customers.card} (binary, deterministic),
 * {@code customers.notes} (text, randomized), {@code customers.photo} (binary, randomized),
 * and {@code orders.memo} (text, randomized).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
abstract class EndToEndTest {

  @Parameter
  TestDatabase.Kind kind;

  TestDatabase db;

  @BeforeEach
  void createDatabase() throws SQLException {
    assumeTrue(kind != TestDatabase.Kind.POSTGRESQL || Databases.postgresReachable(),
        "PostgreSQL is not reachable");
    db = TestDatabase.create(kind);
    db.plainExecute(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(100), ssn "
            + db.textType() + ", card " + db.binaryType() + ", notes " + db.textType()
            + ", photo " + db.binaryType() + ")",
        "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, amount"
            + " DECIMAL(10, 2), memo " + db.textType() + ")");
    db.annotate("customers", "ssn", "DETERMINISTIC");
    db.annotate("customers", "card", "DETERMINISTIC");
    db.annotate("customers", "notes", "RANDOMIZED");
    db.annotate("customers", "photo", "RANDOMIZED");
    db.annotate("orders", "memo", "RANDOMIZED");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  /** Inserts a customer through Envelope. */
  void insertCustomer(Connection connection, int id, String name, String ssn, byte[] card,
      String notes) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO customers (id, name, ssn, card, notes, photo) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, name);
      insert.setString(3, ssn);
      insert.setBytes(4, card);
      insert.setString(5, notes);
      insert.setBytes(6, card == null ? null : new byte[] {1, 2, 3});
      insert.executeUpdate();
    }
  }

  /** The ids a query returns, in order. */
  static List<Integer> ids(PreparedStatement query) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    return ids;
  }

  /** Everything a plain connection reads from a table, as text, to search for plaintext. */
  String rawDump(String table) throws SQLException {
    StringBuilder dump = new StringBuilder();
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement("SELECT * FROM " + table);
        ResultSet rows = select.executeQuery()) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          Object value = rows.getObject(i);
          if (value instanceof byte[] bytes) {
            dump.append(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
          } else {
            dump.append(value);
          }
          dump.append('|');
        }
        dump.append('\n');
      }
    }
    return dump.toString();
  }
}
