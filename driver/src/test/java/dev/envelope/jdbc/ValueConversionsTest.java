package dev.envelope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ValueConversionsTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");

  @Test
  void sqlNull_givesNullOrZeroOrFalse() throws SQLException {
    assertThat(ValueConversions.toString(null, SSN)).isNull();
    assertThat(ValueConversions.toInt(null, SSN)).isZero();
    assertThat(ValueConversions.toLong(null, SSN)).isZero();
    assertThat(ValueConversions.toDouble(null, SSN)).isZero();
    assertThat(ValueConversions.toBoolean(null, SSN)).isFalse();
    assertThat(ValueConversions.toBigDecimal(null, SSN)).isNull();
    assertThat(ValueConversions.toTimestamp(null, SSN)).isNull();
    assertThat(ValueConversions.convert(null, Integer.class, SSN)).isNull();
  }

  @Test
  void numbers_convertBetweenTypesWithinRange() throws SQLException {
    assertThat(ValueConversions.toLong(42, SSN)).isEqualTo(42L);
    assertThat(ValueConversions.toInt(42L, SSN)).isEqualTo(42);
    assertThat(ValueConversions.toShort(new BigDecimal("12.9"), SSN)).isEqualTo((short) 12);
    assertThat(ValueConversions.toByte(" 7 ", SSN)).isEqualTo((byte) 7);
    assertThat(ValueConversions.toBigDecimal(1.5, SSN)).isEqualTo(new BigDecimal("1.5"));
    assertThat(ValueConversions.toDouble("2.5", SSN)).isEqualTo(2.5);
    assertThat(ValueConversions.toInt(true, SSN)).isEqualTo(1);
    assertThat(ValueConversions.toBoolean(0, SSN)).isFalse();
    assertThat(ValueConversions.toBoolean("TRUE", SSN)).isTrue();
    assertThat(ValueConversions.convert(42, BigInteger.class, SSN))
        .isEqualTo(BigInteger.valueOf(42));
    assertThat(ValueConversions.convert(42, int.class, SSN)).isEqualTo(42);
  }

  @Test
  void numberOutOfRange_isATypeMismatch() {
    assertThatThrownBy(() -> ValueConversions.toInt(Long.MAX_VALUE, SSN))
        .isInstanceOf(EnvelopeException.class)
        .hasMessage("cannot read customers.ssn as int: the stored value is Long");
    assertThatThrownBy(() -> ValueConversions.toByte(300, SSN))
        .hasMessageContaining("as byte");
    assertThatThrownBy(() -> ValueConversions.toFloat(Double.MAX_VALUE, SSN))
        .hasMessageContaining("as float");
    assertThatThrownBy(() -> ValueConversions.toBoolean(2, SSN))
        .hasMessageContaining("as boolean");
  }

  @Test
  void unparsableText_isATypeMismatch_thatDoesNotQuoteTheText() {
    assertThatThrownBy(() -> ValueConversions.toLong("123-45-6789", SSN))
        .isInstanceOf(EnvelopeException.class)
        .hasMessageContaining("customers.ssn")
        .hasMessageNotContaining("123-45-6789")
        .hasNoCause()
        .extracting(e -> ((EnvelopeException) e).state())
        .isEqualTo(SqlState.TYPE_MISMATCH);
    assertThatThrownBy(() -> ValueConversions.convert("123-45-6789", LocalDate.class, SSN))
        .hasMessageNotContaining("123-45-6789")
        .hasMessageContaining("LocalDate");
  }

  @Test
  void bytes_areNeitherTextNorNumbers() throws SQLException {
    byte[] bytes = {1, 2};

    assertThat(ValueConversions.toBytes(bytes, SSN)).isSameAs(bytes);
    assertThatThrownBy(() -> ValueConversions.toString(bytes, SSN))
        .hasMessageContaining("the stored value is byte[]");
    assertThatThrownBy(() -> ValueConversions.toInt(bytes, SSN))
        .isInstanceOf(EnvelopeException.class);
    assertThatThrownBy(() -> ValueConversions.toBytes("text", SSN))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void text_keepsTheExactDecimal() throws SQLException {
    assertThat(ValueConversions.toString(new BigDecimal("1E+3"), SSN)).isEqualTo("1000");
    assertThat(ValueConversions.toString(42, SSN)).isEqualTo("42");
    assertThat(ValueConversions.toString(Date.valueOf("2024-05-01"), SSN))
        .isEqualTo("2024-05-01");
  }

  @Test
  void sqlAndJavaTimeValues_convertBothWays() throws SQLException {
    LocalDateTime local = LocalDateTime.of(2024, 5, 1, 10, 15, 30);
    Timestamp timestamp = Timestamp.valueOf(local);

    assertThat(ValueConversions.convert(timestamp, LocalDateTime.class, SSN)).isEqualTo(local);
    assertThat(ValueConversions.toTimestamp(local, SSN)).isEqualTo(timestamp);
    assertThat(ValueConversions.convert(Date.valueOf("2024-05-01"), LocalDate.class, SSN))
        .isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(ValueConversions.toDate(LocalDate.of(2024, 5, 1), SSN))
        .isEqualTo(Date.valueOf("2024-05-01"));
    assertThat(ValueConversions.toDate(timestamp, SSN)).isEqualTo(Date.valueOf("2024-05-01"));
    assertThat(ValueConversions.toTime(LocalTime.of(10, 15, 30), SSN))
        .isEqualTo(Time.valueOf("10:15:30"));
    assertThat(ValueConversions.convert(timestamp, Instant.class, SSN))
        .isEqualTo(timestamp.toInstant());
    assertThat(ValueConversions.convert("2024-05-01 10:15:30", LocalDateTime.class, SSN))
        .isEqualTo(local);
  }

  @Test
  void instantsAndOffsets_convertWithoutLosingTheMoment() throws SQLException {
    Instant moment = Instant.parse("2024-05-01T10:15:30Z");
    OffsetDateTime offset = moment.atOffset(ZoneOffset.ofHours(2));

    assertThat(ValueConversions.convert(offset, Instant.class, SSN)).isEqualTo(moment);
    assertThat(ValueConversions.convert(moment, OffsetDateTime.class, SSN).toInstant())
        .isEqualTo(moment);
    assertThat(ValueConversions.toTimestamp(offset, SSN).toInstant()).isEqualTo(moment);
  }

  @Test
  void dateWithoutTime_cannotBeReadAsTime() {
    assertThatThrownBy(() -> ValueConversions.toTime(LocalDate.of(2024, 5, 1), SSN))
        .isInstanceOf(EnvelopeException.class)
        .hasMessageContaining("as Time")
        .hasMessageContaining("LocalDate");
  }

  @Test
  void uuid_convertsFromTextAndSixteenBytes() throws SQLException {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    byte[] bytes = new byte[16];
    java.nio.ByteBuffer.wrap(bytes).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits());

    assertThat(ValueConversions.convert(id.toString(), UUID.class, SSN)).isEqualTo(id);
    assertThat(ValueConversions.convert(bytes, UUID.class, SSN)).isEqualTo(id);
    assertThatThrownBy(() -> ValueConversions.convert(42, UUID.class, SSN))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void unknownTargetType_isATypeMismatch() {
    assertThatThrownBy(() -> ValueConversions.convert("x", StringBuilder.class, SSN))
        .isInstanceOf(EnvelopeException.class)
        .hasMessage("cannot read customers.ssn as StringBuilder: the stored value is String");
  }
}
