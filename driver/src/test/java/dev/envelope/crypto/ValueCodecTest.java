package dev.envelope.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCodecTest {

  private static final ColumnRef COLUMN = new ColumnRef("customers", "ssn");

  static Stream<Object> supportedValues() {
    return Stream.of(
        "", "123-45-6789", "Grüße, 世界, \uD83D\uDE00", "a\u0000b",
        0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
        0L, Long.MIN_VALUE, Long.MAX_VALUE,
        (short) 0, Short.MIN_VALUE, Short.MAX_VALUE,
        (byte) 0, Byte.MIN_VALUE, Byte.MAX_VALUE,
        true, false,
        0.0f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.NEGATIVE_INFINITY,
        0.0d, -0.0d, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        new BigDecimal("0"), new BigDecimal("0.00"), new BigDecimal("-12345.6789"),
        new BigDecimal("1E+10"), new BigDecimal("-1E-40"),
        new BigDecimal("123456789012345678901234567890.123456789"),
        BigInteger.ZERO, BigInteger.ONE.negate(), new BigInteger("-98765432109876543210"),
        'x', '\u00e9', Character.MAX_VALUE,
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), new UUID(0, 0),
        java.sql.Date.valueOf("2024-02-29"), java.sql.Date.valueOf("1900-01-01"),
        Time.valueOf("23:59:59"), timeWithMillis(),
        Timestamp.valueOf("2024-03-31 02:30:00.123456789"),
        Timestamp.valueOf("1969-12-31 23:59:59.999999999"),
        new java.util.Date(1_700_000_000_123L), new java.util.Date(-1L),
        LocalDate.of(2024, 2, 29), LocalDate.MIN, LocalDate.MAX,
        LocalTime.MIDNIGHT, LocalTime.MAX, LocalTime.of(12, 34, 56, 789),
        LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6), LocalDateTime.MIN, LocalDateTime.MAX,
        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(-9, -30)),
        OffsetDateTime.MAX, OffsetTime.of(12, 0, 0, 1, ZoneOffset.MIN),
        Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999), Instant.MAX, Instant.MIN,
        ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 5, ZoneId.of("Europe/Berlin")),
        ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }

  @ParameterizedTest
  @MethodSource("supportedValues")
  void everySupportedValue_roundTripsToSameTypeAndValue(Object value) throws SQLException {
    Object decoded = ValueCodec.decode(ValueCodec.encode(value, COLUMN), COLUMN);

    assertThat(decoded).isExactlyInstanceOf(value.getClass()).isEqualTo(value);
  }

  @Test
  void zonedDateTimeAtAmbiguousLocalTime_keepsItsOffset() throws SQLException {
    ZonedDateTime first = ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Berlin"));
    ZonedDateTime later = first.withLaterOffsetAtOverlap();

    Object decoded = ValueCodec.decode(ValueCodec.encode(later), COLUMN);

    assertThat(decoded).isEqualTo(later).isNotEqualTo(first);
  }

  @Test
  void byteArray_roundTripsAsCopy() throws SQLException {
    byte[] value = {0, 1, 2, (byte) 0xFF};

    Object decoded = ValueCodec.decode(ValueCodec.encode(value), COLUMN);

    assertThat(decoded).isInstanceOf(byte[].class).isEqualTo(value).isNotSameAs(value);
    assertThat((byte[]) ValueCodec.decode(ValueCodec.encode(new byte[0]), COLUMN)).isEmpty();
  }

  @Test
  void sqlTime_keepsMilliseconds() throws SQLException {
    Time time = timeWithMillis();

    Time decoded = (Time) ValueCodec.decode(ValueCodec.encode(time), COLUMN);

    assertThat(decoded.getTime() % 1000).isEqualTo(321);
  }

  @Test
  void timestamp_encodingDoesNotDependOnJvmTimeZone() throws SQLException {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
      Timestamp written = Timestamp.valueOf("2024-06-01 12:00:00.000000001");
      byte[] encodedInLosAngeles = ValueCodec.encode(written);

      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
      Timestamp read = (Timestamp) ValueCodec.decode(encodedInLosAngeles, COLUMN);

      assertThat(ValueCodec.encode(Timestamp.valueOf("2024-06-01 12:00:00.000000001")))
          .isEqualTo(encodedInLosAngeles);
      assertThat(read.toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 6, 1, 12, 0, 0, 1));
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void sqlDate_encodingDoesNotDependOnJvmTimeZone() throws SQLException {
    TimeZone saved = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      byte[] encoded = ValueCodec.encode(java.sql.Date.valueOf("2024-01-31"));

      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Pago_Pago"));

      assertThat(ValueCodec.decode(encoded, COLUMN).toString()).isEqualTo("2024-01-31");
      assertThat(ValueCodec.encode(java.sql.Date.valueOf("2024-01-31"))).isEqualTo(encoded);
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void equalValuesOfDifferentTypes_encodeDifferently() throws SQLException {
    List<byte[]> encodings = new ArrayList<>();
    for (Object one : List.of(1, 1L, (short) 1, (byte) 1, BigDecimal.ONE, BigInteger.ONE,
        "1", 1.0f, 1.0d, '1')) {
      encodings.add(ValueCodec.encode(one));
    }

    for (int i = 0; i < encodings.size(); i++) {
      for (int j = i + 1; j < encodings.size(); j++) {
        assertThat(encodings.get(i)).isNotEqualTo(encodings.get(j));
      }
    }
  }

  @Test
  void bigDecimal_keepsScale() throws SQLException {
    BigDecimal decoded =
        (BigDecimal) ValueCodec.decode(ValueCodec.encode(new BigDecimal("-1.500")), COLUMN);

    assertThat(decoded.scale()).isEqualTo(3);
    assertThat(decoded.unscaledValue()).isEqualTo(BigInteger.valueOf(-1500));
    assertThat(ValueCodec.encode(new BigDecimal("1.5")))
        .isNotEqualTo(ValueCodec.encode(new BigDecimal("1.50")));
  }

  @Test
  void knownEncodings_matchTheDocumentedLayout() throws SQLException {
    HexFormat hex = HexFormat.of();

    assertThat(hex.formatHex(ValueCodec.encode("ab"))).isEqualTo("016162");
    assertThat(hex.formatHex(ValueCodec.encode(-2))).isEqualTo("02fffffffe");
    assertThat(hex.formatHex(ValueCodec.encode(new BigDecimal("-1.50"))))
        .isEqualTo("0900000002ff6a");
    assertThat(hex.formatHex(ValueCodec.encode(LocalDate.of(2024, 2, 29))))
        .isEqualTo("10000007e8021d");
    assertThat(hex.formatHex(ValueCodec.encode(Timestamp.valueOf("2024-02-29 13:14:15.5"))))
        .isEqualTo("0e000007e8021d0d0e0f1dcd6500");
  }

  @Test
  void unsupportedType_isRejectedNamingTypeAndColumnButNotValue() {
    Object value = new StringBuilder("secret-4711");

    assertThatThrownBy(() -> ValueCodec.encode(value, COLUMN))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.UNSUPPORTED_VALUE))
        .hasMessage("cannot encrypt a value of type java.lang.StringBuilder for customers.ssn")
        .hasMessageNotContaining("4711");
  }

  @Test
  void nullValue_isRejected() {
    assertThatThrownBy(() -> ValueCodec.encode(null, COLUMN))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.UNSUPPORTED_VALUE));
  }

  @Test
  void stringWithLoneSurrogate_isRejectedInsteadOfAltered() {
    assertThatThrownBy(() -> ValueCodec.encode("pin\uD800code", COLUMN))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.UNSUPPORTED_VALUE))
        .hasMessageNotContaining("pin");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "00", "ff", "19", "0200", "02000000", "0200000000ff", "03", "0602", "06ff",
      "01c3", "01ff", "01eda080", "0900000001", "0a", "0c000007e8", "0c000007e80d01",
      "0c000007e8021e", "1118000000000000", "0d0000000000000001", "1500", "1700",
      "16" + "000007e80101" + "00000000000000" + "00000000" + "00",
      "16" + "000007e80101" + "00000000000000" + "00000000" + "05" + "4175726f",
      "13" + "000007e80101" + "00000000000000" + "00ffff00",
      "14" + "00000000000000"})
  void malformedEncoding_isRejectedAsInvalidPlaintextEncoding(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);

    assertThatThrownBy(() -> ValueCodec.decode(bytes, COLUMN))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.INVALID_CIPHERTEXT))
        .hasMessage("invalid plaintext encoding for customers.ssn");
  }

  @Test
  void trailingBytes_areRejected() throws SQLException {
    byte[] encoded = ValueCodec.encode(42L);
    byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);

    assertThatThrownBy(() -> ValueCodec.decode(longer, COLUMN))
        .isInstanceOf(EnvelopeException.class);
  }

  private static Time timeWithMillis() {
    Time time = Time.valueOf("08:15:30");
    time.setTime(time.getTime() + 321);
    return time;
  }
}
