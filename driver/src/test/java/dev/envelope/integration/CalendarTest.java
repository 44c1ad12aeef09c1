package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code Calendar} setters and getters (Hibernate's with {@code hibernate.jdbc.time_zone})
 * on encrypted columns behave as they do on the plain columns of the same row.
 */
class CalendarTest extends EndToEndTest {

  private static final Calendar KIRITIMATI =
      Calendar.getInstance(TimeZone.getTimeZone("Pacific/Kiritimati"));
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  private static final Timestamp LATE_EVENING =
      Timestamp.from(Instant.parse("2024-05-01T23:30:00.123456Z"));

  @BeforeEach
  void createEvents() throws SQLException {
    db.plainExecute("CREATE TABLE events (id INTEGER PRIMARY KEY, plain_at TIMESTAMP,"
        + " secret_at " + db.binaryType() + ", plain_day DATE, secret_day " + db.textType()
        + ")");
    db.annotate("events", "secret_at", "DETERMINISTIC");
    db.annotate("events", "secret_day", "RANDOMIZED");
  }

  @Test
  void calendarBinds_readBackLikePlainColumns() throws SQLException {
    try (Connection connection = db.envelope()) {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events"
          + " (id, plain_at, secret_at, plain_day, secret_day) VALUES (?, ?, ?, ?, ?)")) {
        insert.setInt(1, 1);
        insert.setTimestamp(2, LATE_EVENING, KIRITIMATI);
        insert.setTimestamp(3, LATE_EVENING, KIRITIMATI);
        insert.setDate(4, new Date(LATE_EVENING.getTime()), KIRITIMATI);
        insert.setDate(5, new Date(LATE_EVENING.getTime()), KIRITIMATI);
        insert.executeUpdate();
      }

      try (PreparedStatement select = connection.prepareStatement(
          "SELECT plain_at, secret_at, plain_day, secret_day FROM events WHERE id = 1");
          ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getTimestamp(2, KIRITIMATI)).isEqualTo(LATE_EVENING)
            .isEqualTo(rows.getTimestamp(1, KIRITIMATI));
        assertThat(rows.getTimestamp(2, UTC)).isEqualTo(rows.getTimestamp(1, UTC));
        assertThat(rows.getTimestamp(2)).isEqualTo(rows.getTimestamp(1));
        assertThat(rows.getDate(4, KIRITIMATI)).isEqualTo(rows.getDate(3, KIRITIMATI));
        assertThat(rows.getDate(4)).isEqualTo(Date.valueOf("2024-05-02"))
            .isEqualTo(rows.getDate(3));
      }
    }
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement(
            "SELECT secret_at, secret_day FROM events WHERE id = 1");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      assertThat(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1))
          .doesNotContain("2024").doesNotContain("13:30");
      assertThat(rows.getString(2)).doesNotContain("2024");
    }
  }

  @Test
  void deterministicSearch_withACalendar_findsTheRowWrittenWithIt() throws SQLException {
    try (Connection connection = db.envelope()) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO events (id, secret_at) VALUES (?, ?)")) {
        insert.setInt(1, 7);
        insert.setTimestamp(2, LATE_EVENING, UTC);
        insert.executeUpdate();
      }
      try (PreparedStatement find = connection.prepareStatement(
          "SELECT id FROM events WHERE secret_at = ?")) {
        find.setTimestamp(1, LATE_EVENING, UTC);
        assertThat(ids(find)).containsExactly(7);
        find.setTimestamp(1, LATE_EVENING, KIRITIMATI);
        assertThat(ids(find)).isEmpty();
      }
    }
  }
}
