package dev.envelope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ExecutionPlan;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.stream.Stream;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopePreparedStatementTest {

  private static final String INSERT = "insert into people(id, name, secret) values (?, ?, ?)";

  private H2Fixture db;
  private FakeCodecs.Parameter secret;
  private ExecutionPlan plan;

  @BeforeEach
  void setUp() throws SQLException {
    db = new H2Fixture(
        "create table people(id int primary key, name varchar(100), secret varchar(1000))");
    secret = new FakeCodecs.Parameter("people", "secret");
    plan = H2Fixture.parameters(null, null, secret);
    db.planner.plan(INSERT, plan);
  }

  @AfterEach
  void tearDown() throws SQLException {
    db.close();
  }

  @Test
  void plainParameters_reachTheDatabaseUntouched() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      insert.setString(3, "123-45-6789");
      insert.executeUpdate();
    }

    assertThat(db.rawString("select name from people where id = 1")).isEqualTo("alice");
    assertThat(secret.bound).extracting(FakeCodecs.Bound::index).containsExactly(3);
  }

  @Test
  void encryptedParameter_isStoredAsTheCodecWroteIt() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      insert.setString(3, "123-45-6789");
      insert.executeUpdate();
    }

    assertThat(db.rawString("select secret from people where id = 1"))
        .isEqualTo("enc:String:123-45-6789");
  }

  /** A setter call on parameter 3 and the Java value the codec should receive. */
  interface Setter {
    void bind(PreparedStatement statement) throws SQLException;
  }

  static Stream<Arguments> setters() throws SQLException {
    byte[] bytes = {1, 2, 3};
    Date date = Date.valueOf("2024-05-01");
    Time time = Time.valueOf("10:15:30");
    Timestamp timestamp = Timestamp.valueOf("2024-05-01 10:15:30.5");
    return Stream.of(
        setter("setString", s -> s.setString(3, "text"), "text"),
        setter("setNString", s -> s.setNString(3, "text"), "text"),
        setter("setInt", s -> s.setInt(3, 42), 42),
        setter("setLong", s -> s.setLong(3, 42L), 42L),
        setter("setShort", s -> s.setShort(3, (short) 42), (short) 42),
        setter("setByte", s -> s.setByte(3, (byte) 42), (byte) 42),
        setter("setBoolean", s -> s.setBoolean(3, true), true),
        setter("setFloat", s -> s.setFloat(3, 1.5f), 1.5f),
        setter("setDouble", s -> s.setDouble(3, 2.5), 2.5),
        setter("setBigDecimal", s -> s.setBigDecimal(3, new BigDecimal("12.30")),
            new BigDecimal("12.30")),
        setter("setBytes", s -> s.setBytes(3, bytes), bytes),
        setter("setDate", s -> s.setDate(3, date), date),
        setter("setTime", s -> s.setTime(3, time), time),
        setter("setTimestamp", s -> s.setTimestamp(3, timestamp), timestamp),
        setter("setObject", s -> s.setObject(3, 42L), 42L),
        setter("setObject(type)", s -> s.setObject(3, "x", Types.VARCHAR), "x"),
        setter("setObject(type, scale)", s -> s.setObject(3, BigDecimal.ONE, Types.DECIMAL, 2),
            BigDecimal.ONE),
        setter("setObject(SQLType)", s -> s.setObject(3, 7, JDBCType.INTEGER), 7),
        setter("setObject(stream)", s -> s.setObject(3, stream(bytes)), bytes),
        setter("setCharacterStream", s -> s.setCharacterStream(3, new StringReader("abc")),
            "abc"),
        setter("setCharacterStream(int)",
            s -> s.setCharacterStream(3, new StringReader("abcdef"), 3), "abc"),
        setter("setCharacterStream(long)",
            s -> s.setCharacterStream(3, new StringReader("abc"), 3L), "abc"),
        setter("setNCharacterStream", s -> s.setNCharacterStream(3, new StringReader("abc")),
            "abc"),
        setter("setAsciiStream", s -> s.setAsciiStream(3, stream("abc".getBytes(
            StandardCharsets.US_ASCII))), "abc"),
        setter("setBinaryStream", s -> s.setBinaryStream(3, stream(bytes)), bytes),
        setter("setBinaryStream(int)", s -> s.setBinaryStream(3, stream(bytes), 2),
            new byte[] {1, 2}),
        setter("setBinaryStream(long)", s -> s.setBinaryStream(3, stream(bytes), 3L), bytes),
        setter("setBlob", s -> s.setBlob(3, new SerialBlob(bytes)), bytes),
        setter("setBlob(stream)", s -> s.setBlob(3, stream(bytes)), bytes),
        setter("setClob", s -> s.setClob(3, new SerialClob("abc".toCharArray())), "abc"),
        setter("setClob(reader)", s -> s.setClob(3, new StringReader("abc")), "abc"),
        setter("setNClob(reader)", s -> s.setNClob(3, new StringReader("abc")), "abc"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setters")
  void everySetter_routesAnEncryptedParameterToTheCodec(String name, Setter setter,
      Object expected) throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      setter.bind(insert);
      insert.executeUpdate();
    }

    assertThat(secret.lastValue()).isEqualTo(expected);
    assertThat(db.rawString("select secret from people where id = 1"))
        .isEqualTo(FakeCodecs.encode(expected));
  }

  static Stream<Arguments> nullSetters() {
    return Stream.of(
        setter("setNull", s -> s.setNull(3, Types.VARCHAR), null),
        setter("setNull(typeName)", s -> s.setNull(3, Types.VARCHAR, "VARCHAR"), null),
        setter("setString(null)", s -> s.setString(3, null), null),
        setter("setObject(null)", s -> s.setObject(3, null), null),
        setter("setObject(null, type)", s -> s.setObject(3, null, Types.INTEGER), null),
        setter("setBinaryStream(null)", s -> s.setBinaryStream(3, null), null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nullSetters")
  void nullValues_routeToBindNull(String name, Setter setter, Object ignored)
      throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      setter.bind(insert);
      insert.executeUpdate();
    }

    assertThat(secret.bound).containsExactly(new FakeCodecs.Bound(3, null));
    assertThat(db.rawString("select secret is null from people where id = 1"))
        .isEqualTo("TRUE");
  }

  @Test
  void calendarSetter_onEncryptedParameter_bindsTheWallClockValueInTheCalendarsZone()
      throws SQLException {
    // 2024-05-01T23:30:00.123456789Z is already 2024-05-02 at +14:00.
    Calendar kiritimati = Calendar.getInstance(TimeZone.getTimeZone("Pacific/Kiritimati"));
    Timestamp instant = Timestamp.from(Instant.parse("2024-05-01T23:30:00.123456789Z"));
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      insert.setTimestamp(3, instant, kiritimati);
      insert.setDate(3, new Date(instant.getTime()), kiritimati);
      insert.setTime(3, new Time(instant.getTime()), kiritimati);
      insert.setTimestamp(3, null, kiritimati);
      insert.setTimestamp(3, instant, null);
    }

    assertThat(secret.bound).containsExactly(
        new FakeCodecs.Bound(3, Timestamp.valueOf("2024-05-02 13:30:00.123456789")),
        new FakeCodecs.Bound(3, Date.valueOf("2024-05-02")),
        new FakeCodecs.Bound(3, Time.valueOf("13:30:00")),
        new FakeCodecs.Bound(3, null),
        new FakeCodecs.Bound(3, instant));
  }

  @Test
  void calendarSetter_onPlainParameter_goesToTheDelegate() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(
        "insert into people(id, name) values (?, ?)")) {
      insert.setInt(1, 1);
      insert.setObject(2, "2024-05-01");
      insert.setDate(2, Date.valueOf("2024-05-01"), Calendar.getInstance());
      insert.executeUpdate();
    }

    assertThat(db.rawString("select name from people")).isEqualTo("2024-05-01");
  }

  @Test
  void urlAndArraySetters_onEncryptedParameter_areRejected() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      assertThatThrownBy(() -> insert.setURL(3, new URL("https://example.org")))
          .isInstanceOf(EnvelopeException.class)
          .hasMessageContaining("people.secret");
      assertThatThrownBy(() -> insert.setArray(3, null))
          .isInstanceOf(EnvelopeException.class)
          .hasMessageContaining("people.secret");
    }
  }

  @Test
  void streamLongerThanTheBound_isRejectedBeforeItIsRead() throws SQLException {
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the stream must not be read");
      }
    };
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      assertThatThrownBy(() -> insert.setBinaryStream(3, endless, LobReader.MAX_LENGTH + 1L))
          .isInstanceOf(EnvelopeException.class)
          .extracting(e -> ((EnvelopeException) e).state())
          .isEqualTo(SqlState.UNSUPPORTED_VALUE);
    }
  }

  @Test
  void batch_routesEachRowsParametersAndTellsThePlannerOnce() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      for (int id = 1; id <= 3; id++) {
        insert.setInt(1, id);
        insert.setString(2, "name" + id);
        insert.setString(3, "secret" + id);
        insert.addBatch();
      }
      assertThat(db.planner.executed).isEmpty();

      insert.executeBatch();
    }

    assertThat(secret.bound).extracting(FakeCodecs.Bound::value)
        .containsExactly("secret1", "secret2", "secret3");
    assertThat(db.rawString("select secret from people where id = 2"))
        .isEqualTo("enc:String:secret2");
    assertThat(db.rawString("select name from people where id = 3")).isEqualTo("name3");
    assertThat(db.planner.executed).containsExactly(plan);
  }

  @Test
  void executeUpdate_tellsThePlannerAfterItRan() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      insert.setString(3, "x");
      assertThat(db.planner.executed).isEmpty();

      insert.executeUpdate();
      insert.setInt(1, 2);
      insert.execute();
    }

    assertThat(db.planner.executed).containsExactly(plan, plan);
  }

  @Test
  void failedExecute_stillTellsThePlanner() throws SQLException {
    try (PreparedStatement insert = db.envelope.prepareStatement(INSERT)) {
      insert.setInt(1, 1);
      insert.setString(2, "alice");
      insert.setString(3, "x");
      insert.executeUpdate();

      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
    }

    assertThat(db.planner.executed).containsExactly(plan, plan);
  }

  private static Arguments setter(String name, Setter setter, Object expected) {
    return Arguments.of(name, setter, expected);
  }

  private static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
