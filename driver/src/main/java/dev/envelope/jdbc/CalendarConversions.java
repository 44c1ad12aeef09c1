package dev.envelope.jdbc;

import dev.envelope.ColumnRef;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Calendar;

/**
 * The {@code Calendar} variants of the date and time setters and getters on encrypted columns.
 * For a plain column, the driver stores the wall-clock value that the instant has in the
 * calendar's zone, and reads a stored wall-clock value as an instant in that zone. Envelope
 * encrypts that same wall-clock value (as a value without a zone) and reads it back the same
 * way, so a value written with a calendar reads back as the same instant with the same
 * calendar, and equal values give equal deterministic ciphertext. Hibernate binds like this
 * when {@code hibernate.jdbc.time_zone} is set. A {@code null} calendar means the JVM's zone.
 */
final class CalendarConversions {

  private CalendarConversions() {
  }

  /** The timestamp whose local date and time is that of {@code value} in the calendar's zone. */
  static Timestamp toWallClock(Timestamp value, Calendar calendar) {
    if (value == null || calendar == null) {
      return value;
    }
    return Timestamp.valueOf(LocalDateTime.ofInstant(value.toInstant(), zone(calendar)));
  }

  /** The date that {@code value} falls on in the calendar's zone. */
  static Date toWallClock(Date value, Calendar calendar) {
    if (value == null || calendar == null) {
      return value;
    }
    return Date.valueOf(Instant.ofEpochMilli(value.getTime()).atZone(zone(calendar))
        .toLocalDate());
  }

  /** The time of day that {@code value} has in the calendar's zone. */
  static Time toWallClock(Time value, Calendar calendar) {
    if (value == null || calendar == null) {
      return value;
    }
    return Time.valueOf(Instant.ofEpochMilli(value.getTime()).atZone(zone(calendar))
        .toLocalTime());
  }

  /**
   * A decrypted value as a timestamp, its local date and time taken in the calendar's zone.
   * A value stored with its own offset is an instant already, and the calendar does not apply.
   */
  static Timestamp timestamp(Object decoded, Calendar calendar, ColumnRef column)
      throws SQLException {
    Timestamp local = ValueConversions.toTimestamp(decoded, column);
    if (local == null || calendar == null || decoded instanceof OffsetDateTime
        || decoded instanceof Instant) {
      return local;
    }
    return Timestamp.from(local.toLocalDateTime().atZone(zone(calendar)).toInstant());
  }

  /** A decrypted value as a date: the start of its day in the calendar's zone. */
  static Date date(Object decoded, Calendar calendar, ColumnRef column) throws SQLException {
    Date local = ValueConversions.toDate(decoded, column);
    if (local == null || calendar == null) {
      return local;
    }
    return new Date(local.toLocalDate().atStartOfDay(zone(calendar)).toInstant()
        .toEpochMilli());
  }

  /** A decrypted value as a time: its time of day, on 1970-01-01, in the calendar's zone. */
  static Time time(Object decoded, Calendar calendar, ColumnRef column) throws SQLException {
    Time local = ValueConversions.toTime(decoded, column);
    if (local == null || calendar == null) {
      return local;
    }
    return new Time(LocalDate.EPOCH.atTime(local.toLocalTime()).atZone(zone(calendar))
        .toInstant().toEpochMilli());
  }

  private static ZoneId zone(Calendar calendar) {
    return calendar.getTimeZone().toZoneId();
  }
}
