package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * 1,000 rows of every supported type, in both modes and both storage kinds, written and read
 * through a HikariCP pool; every value comes back with the value and Java type it was written
 * with, and none of the string values is readable at rest.
 */
class RoundTripTest extends EndToEndTest {

  private static final int ROWS = 1_000;

  /** One Java type: how to bind it, how to read it back, and the value of row i. */
  private record TypeCase(String name, Binder binder, Reader reader, Class<?> objectType,
      ValueOf valueOf) {
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement, int index, Object value) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader {
    Object read(ResultSet rows, int index) throws SQLException;
  }

  @FunctionalInterface
  private interface ValueOf {
    Object of(int row);
  }

  private static final List<TypeCase> TYPES = List.of(
      new TypeCase("str", (s, i, v) -> s.setString(i, (String) v), ResultSet::getString,
          String.class, row -> "plaintext-" + row + "-ünï"),
      new TypeCase("int", (s, i, v) -> s.setInt(i, (Integer) v), ResultSet::getInt,
          Integer.class, row -> row * 7919 - 3_000_000),
      new TypeCase("lng", (s, i, v) -> s.setLong(i, (Long) v), ResultSet::getLong,
          Long.class, row -> Long.MAX_VALUE - row * 1_000_003L),
      new TypeCase("dec", (s, i, v) -> s.setBigDecimal(i, (BigDecimal) v),
          ResultSet::getBigDecimal, BigDecimal.class,
          row -> new BigDecimal(row + ".1" + row).negate().setScale(6)),
      new TypeCase("byt", (s, i, v) -> s.setBytes(i, (byte[]) v), ResultSet::getBytes,
          byte[].class, row -> ("bytes-" + row).getBytes(StandardCharsets.UTF_8)),
      new TypeCase("dat", (s, i, v) -> s.setDate(i, (Date) v), ResultSet::getDate,
          Date.class, row -> Date.valueOf(LocalDate.of(1900, 1, 1).plusDays(row * 37L))),
      new TypeCase("tsp", (s, i, v) -> s.setTimestamp(i, (Timestamp) v),
          ResultSet::getTimestamp, Timestamp.class,
          row -> Timestamp.valueOf(LocalDateTime.of(2020, 3, 29, 1, 30).plusMinutes(row * 61L)
              .withNano(row * 1_001))),
      new TypeCase("ldt", (s, i, v) -> s.setObject(i, v),
          (r, i) -> r.getObject(i, LocalDateTime.class), LocalDateTime.class,
          row -> LocalDateTime.of(1999, 12, 31, 23, 59, 59).plusSeconds(row)),
      new TypeCase("lda", (s, i, v) -> s.setObject(i, v),
          (r, i) -> r.getObject(i, LocalDate.class), LocalDate.class,
          row -> LocalDate.of(2024, 2, 29).minusDays(row)),
      new TypeCase("boo", (s, i, v) -> s.setBoolean(i, (Boolean) v), ResultSet::getBoolean,
          Boolean.class, row -> row % 3 == 0),
      new TypeCase("dbl", (s, i, v) -> s.setDouble(i, (Double) v), ResultSet::getDouble,
          Double.class, row -> row / 3.0),
      new TypeCase("uid", (s, i, v) -> s.setObject(i, v), (r, i) -> r.getObject(i, UUID.class),
          UUID.class, row -> new UUID(row, -row)));

  private static final String[] VARIANTS = {"rb", "rt", "db", "dt"};

  @Test
  void everyTypeInEveryModeAndStorage_roundTripsThroughHikari() throws SQLException {
    List<String> columns = new ArrayList<>();
    StringBuilder ddl = new StringBuilder("CREATE TABLE rt (id INTEGER PRIMARY KEY");
    for (TypeCase type : TYPES) {
      for (String variant : VARIANTS) {
        String column = type.name() + "_" + variant;
        columns.add(column);
        ddl.append(", ").append(column).append(' ')
            .append(variant.charAt(1) == 'b' ? db.binaryType() : db.textType());
      }
    }
    db.plainExecute(ddl.append(')').toString());
    for (String column : columns) {
      db.annotate("rt", column, column.endsWith("_db") || column.endsWith("_dt")
          ? "DETERMINISTIC" : "RANDOMIZED");
    }

    try (HikariDataSource pool = db.pool()) {
      write(pool, columns);
      read(pool, columns);
    }

    String raw = rawDump("rt");
    for (int row = 0; row < ROWS; row += 97) {
      assertThat(raw).doesNotContain("plaintext-" + row + "-").doesNotContain("bytes-" + row);
    }
  }

  private static void write(HikariDataSource pool, List<String> columns) throws SQLException {
    String sql = "INSERT INTO rt (id, " + String.join(", ", columns) + ") VALUES (?"
        + ", ?".repeat(columns.size()) + ")";
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      connection.setAutoCommit(false);
      for (int row = 0; row < ROWS; row++) {
        insert.setInt(1, row);
        int index = 2;
        for (TypeCase type : TYPES) {
          for (int v = 0; v < VARIANTS.length; v++) {
            if (row % 50 == 7) {
              insert.setNull(index++, java.sql.Types.OTHER);
            } else {
              type.binder().bind(insert, index++, type.valueOf().of(row));
            }
          }
        }
        insert.addBatch();
        if (row % 200 == 199) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
      connection.commit();
    }
  }

  private static void read(HikariDataSource pool, List<String> columns) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, " + String.join(", ", columns) + " FROM rt ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      int count = 0;
      while (rows.next()) {
        int row = rows.getInt(1);
        int index = 2;
        for (TypeCase type : TYPES) {
          for (String variant : VARIANTS) {
            String what = type.name() + "_" + variant + " row " + row;
            if (row % 50 == 7) {
              assertThat(rows.getObject(index)).as(what).isNull();
              type.reader().read(rows, index);
              assertThat(rows.wasNull()).as(what).isTrue();
            } else {
              Object expected = type.valueOf().of(row);
              assertThat(type.reader().read(rows, index)).as(what).isEqualTo(expected);
              assertThat(rows.getObject(index)).as(what).isInstanceOf(type.objectType())
                  .isEqualTo(expected);
            }
            index++;
          }
        }
        count++;
      }
      assertThat(count).isEqualTo(ROWS);
    }
  }
}
