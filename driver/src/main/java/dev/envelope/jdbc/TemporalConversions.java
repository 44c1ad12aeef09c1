package dev.envelope.jdbc;

import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Date and time conversions for {@link ValueConversions}. Each answers {@code null} when the
 * value does not convert, so that the caller raises the one type-mismatch error. Values without
 * a zone ({@code Timestamp}, {@code LocalDateTime}) meet values with one in the JVM's default
 * zone, as {@code Timestamp} itself does.
 */
final class TemporalConversions {

  private TemporalConversions() {
  }

  static LocalDate toLocalDate(Object value) {
    if (value instanceof LocalDate) {
      return (LocalDate) value;
    } else if (value instanceof Date) {
      return ((Date) value).toLocalDate();
    } else if (value instanceof String) {
      return parseDate((String) value);
    }
    LocalDateTime dateTime = value instanceof Time ? null : toLocalDateTime(value);
    return dateTime == null ? null : dateTime.toLocalDate();
  }

  static LocalTime toLocalTime(Object value) {
    if (value instanceof LocalTime) {
      return (LocalTime) value;
    } else if (value instanceof Time) {
      return ((Time) value).toLocalTime();
    } else if (value instanceof String) {
      return parseTime((String) value);
    } else if (value instanceof LocalDate || value instanceof Date) {
      return null;
    }
    LocalDateTime dateTime = toLocalDateTime(value);
    return dateTime == null ? null : dateTime.toLocalTime();
  }

  static LocalDateTime toLocalDateTime(Object value) {
    if (value instanceof LocalDateTime) {
      return (LocalDateTime) value;
    } else if (value instanceof Timestamp) {
      return ((Timestamp) value).toLocalDateTime();
    } else if (value instanceof Date) {
      return ((Date) value).toLocalDate().atStartOfDay();
    } else if (value instanceof LocalDate) {
      return ((LocalDate) value).atStartOfDay();
    } else if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).atZoneSameInstant(ZoneId.systemDefault())
          .toLocalDateTime();
    } else if (value instanceof Instant) {
      return LocalDateTime.ofInstant((Instant) value, ZoneId.systemDefault());
    } else if (value instanceof String) {
      return parseDateTime((String) value);
    }
    return null;
  }

  static OffsetDateTime toOffsetDateTime(Object value) {
    if (value instanceof OffsetDateTime) {
      return (OffsetDateTime) value;
    } else if (value instanceof Instant) {
      return ((Instant) value).atOffset(ZoneOffset.UTC);
    } else if (value instanceof String) {
      try {
        return OffsetDateTime.parse(((String) value).trim());
      } catch (DateTimeException notAnOffsetDateTime) {
        return null;
      }
    }
    LocalDateTime dateTime = toLocalDateTime(value);
    return dateTime == null ? null
        : dateTime.atZone(ZoneId.systemDefault()).toOffsetDateTime();
  }

  static Instant toInstant(Object value) {
    if (value instanceof Instant) {
      return (Instant) value;
    } else if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).toInstant();
    } else if (value instanceof Timestamp) {
      return ((Timestamp) value).toInstant();
    } else if (value instanceof String) {
      OffsetDateTime withOffset = toOffsetDateTime(value);
      if (withOffset != null) {
        return withOffset.toInstant();
      }
    }
    LocalDateTime dateTime = toLocalDateTime(value);
    return dateTime == null ? null : dateTime.atZone(ZoneId.systemDefault()).toInstant();
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeException notADate) {
      return null;
    }
  }

  private static LocalTime parseTime(String text) {
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeException notATime) {
      return null;
    }
  }

  /** ISO text ({@code 2024-05-01T10:00}) or JDBC escape text ({@code 2024-05-01 10:00:00}). */
  private static LocalDateTime parseDateTime(String text) {
    String trimmed = text.trim();
    try {
      return LocalDateTime.parse(trimmed);
    } catch (DateTimeException notIso) {
      try {
        return Timestamp.valueOf(trimmed).toLocalDateTime();
      } catch (IllegalArgumentException notJdbcEscape) {
        return null;
      }
    }
  }
}
