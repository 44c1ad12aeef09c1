package dev.envelope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ResultCodec;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Calendar;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeResultSetTest {

  private static final String SELECT = "select id, name, secret from secrets where id = ?";

  private H2Fixture db;
  private FakeCodecs.Result secret;

  @BeforeEach
  void setUp() throws SQLException {
    db = new H2Fixture(
        "create table secrets(id int primary key, name varchar(100), secret varchar(1000))",
        "insert into secrets values (1, 'alice', 'enc:Integer:42')",
        "insert into secrets values (2, 'bob', null)",
        "insert into secrets values (3, 'carol', 'enc:String:topsecret')",
        "insert into secrets values (4, 'dave', 'enc:Date:2024-05-01')",
        "insert into secrets values (5, null, 'enc:byte[]:AQID')");
    secret = new FakeCodecs.Result("secrets", "secret");
    db.planner.plan(SELECT, H2Fixture.results(null, null, secret));
  }

  @AfterEach
  void tearDown() throws SQLException {
    db.close();
  }

  @Test
  void encryptedColumn_isDecryptedByIndexAndByLabel() throws SQLException {
    try (PreparedStatement select = row(1); ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();

      assertThat(rows.getInt(3)).isEqualTo(42);
      assertThat(rows.getInt("secret")).isEqualTo(42);
      assertThat(rows.getLong("SECRET")).isEqualTo(42L);
      assertThat(rows.getString(3)).isEqualTo("42");
      assertThat(rows.getBigDecimal("secret")).isEqualTo(BigDecimal.valueOf(42));
      assertThat(rows.getDouble(3)).isEqualTo(42.0);
      assertThat(secret.reads).isEqualTo(6);
    }
  }

  @Test
  void plainColumns_doNotGoThroughTheCodec() throws SQLException {
    try (PreparedStatement select = row(1); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.getString("name")).isEqualTo("alice");
      assertThat(secret.reads).isZero();
    }
  }

  @Test
  void getObject_returnsTheTypeThatWasWritten() throws SQLException {
    try (PreparedStatement select = row(1); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getObject(3)).isInstanceOf(Integer.class).isEqualTo(42);
      assertThat(rows.getObject("secret")).isEqualTo(42);
    }
    try (PreparedStatement select = row(4); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getObject(3)).isEqualTo(Date.valueOf("2024-05-01"));
      assertThat(rows.getObject(3, LocalDate.class)).isEqualTo(LocalDate.of(2024, 5, 1));
      assertThat(rows.getTimestamp("secret")).isEqualTo(Timestamp.valueOf("2024-05-01 00:00:00"));
    }
  }

  @Test
  void getObjectWithClass_convertsTheDecryptedValue() throws SQLException {
    try (PreparedStatement select = row(1); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getObject(3, Long.class)).isEqualTo(42L);
      assertThat(rows.getObject("secret", String.class)).isEqualTo("42");
      assertThat(rows.getObject(3, BigDecimal.class)).isEqualTo(BigDecimal.valueOf(42));
    }
  }

  @Test
  void wasNull_followsTheLastGetter_forEncryptedAndPlainColumns() throws SQLException {
    try (PreparedStatement select = row(2); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getInt(3)).isZero();
      assertThat(rows.wasNull()).isTrue();
      assertThat(rows.getString(2)).isEqualTo("bob");
      assertThat(rows.wasNull()).isFalse();
      assertThat(rows.getObject("secret")).isNull();
      assertThat(rows.wasNull()).isTrue();
    }
    try (PreparedStatement select = row(5); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getString(2)).isNull();
      assertThat(rows.wasNull()).isTrue();
      assertThat(rows.getBytes(3)).containsExactly(1, 2, 3);
      assertThat(rows.wasNull()).isFalse();
    }
  }

  @Test
  void wasNull_answersForTheDecryptedValue_evenWhenTheCodecReadNothing() throws SQLException {
    String sql = "select id, name, secret from secrets where id = 5";
    ResultCodec cached = new ResultCodec() {
      @Override
      public ColumnRef column() {
        return new ColumnRef("secrets", "secret");
      }

      @Override
      public Object read(ResultSet source, int index) {
        return "from a cache";
      }
    };
    db.planner.plan(sql, H2Fixture.results(null, null, cached));

    try (Statement statement = db.envelope.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();

      assertThat(rows.getString(2)).isNull();
      assertThat(rows.getString(3)).isEqualTo("from a cache");
      assertThat(rows.wasNull()).isFalse();
    }
  }

  @Test
  void unconvertibleValue_isATypeMismatchNamingColumnAndTypesButNotTheValue()
      throws SQLException {
    try (PreparedStatement select = row(3); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThatThrownBy(() -> rows.getInt(3))
          .isInstanceOf(EnvelopeException.class)
          .hasMessageContaining("secrets.secret")
          .hasMessageContaining("int")
          .hasMessageContaining("String")
          .hasMessageNotContaining("topsecret")
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo(SqlState.TYPE_MISMATCH.code());
      assertThatThrownBy(() -> rows.getDate("secret"))
          .isInstanceOf(EnvelopeException.class)
          .hasMessageNotContaining("topsecret");
    }
  }

  @Test
  void streamsAndLobs_ofAnEncryptedColumn_carryTheDecryptedValue()
      throws SQLException, IOException {
    try (PreparedStatement select = row(5); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getBinaryStream(3).readAllBytes()).containsExactly(1, 2, 3);
      assertThat(rows.getBlob("secret").getBytes(1, 3)).containsExactly(1, 2, 3);
    }
    try (PreparedStatement select = row(3); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(readAll(rows.getCharacterStream(3))).isEqualTo("topsecret");
      assertThat(rows.getClob(3).getSubString(1, 3)).isEqualTo("top");
      assertThat(new String(rows.getAsciiStream("secret").readAllBytes(), "US-ASCII"))
          .isEqualTo("topsecret");
    }
  }

  @Test
  void calendarGetter_onEncryptedColumn_readsTheWallClockValueInTheCalendarsZone()
      throws SQLException {
    Calendar kiritimati = Calendar.getInstance(TimeZone.getTimeZone("Pacific/Kiritimati"));
    try (PreparedStatement select = row(4); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getDate(3, kiritimati).getTime())
          .isEqualTo(Instant.parse("2024-04-30T10:00:00Z").toEpochMilli());
      assertThat(rows.getTimestamp("secret", kiritimati).toInstant())
          .isEqualTo(Instant.parse("2024-04-30T10:00:00Z"));
      assertThat(rows.getDate(3, null)).isEqualTo(Date.valueOf("2024-05-01"));
      assertThat(rows.getString(2)).isEqualTo("dave");
    }
    try (PreparedStatement select = row(2); ResultSet rows = select.executeQuery()) {
      rows.next();

      assertThat(rows.getTimestamp(3, kiritimati)).isNull();
      assertThat(rows.wasNull()).isTrue();
    }
  }

  @Test
  void updatingAnEncryptedColumn_throughTheCursor_isRejected_plainOnesWork()
      throws SQLException {
    try (PreparedStatement select = db.envelope.prepareStatement(SELECT,
        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE)) {
      select.setInt(1, 1);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();

        assertThatThrownBy(() -> rows.updateString(3, "plaintext"))
            .isInstanceOf(EnvelopeException.class)
            .extracting(e -> ((EnvelopeException) e).state())
            .isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
        assertThatThrownBy(() -> rows.updateString("secret", "plaintext"))
            .isInstanceOf(EnvelopeException.class);
        rows.updateString("name", "alicia");
        rows.updateRow();
      }
    }

    assertThat(db.rawString("select name from secrets where id = 1")).isEqualTo("alicia");
    assertThat(db.rawString("select secret from secrets where id = 1"))
        .isEqualTo("enc:Integer:42");
  }

  @Test
  void resultOfAnotherShapeThanPlanned_isRefusedRatherThanHandedOut() throws SQLException {
    String sql = "select id, secret from secrets";
    db.planner.plan(sql, H2Fixture.results(null, null, secret));

    try (PreparedStatement select = db.envelope.prepareStatement(sql)) {
      assertThatThrownBy(select::executeQuery)
          .isInstanceOf(EnvelopeException.class)
          .extracting(e -> ((EnvelopeException) e).state())
          .isEqualTo(SqlState.UNANALYSABLE_STATEMENT);
    }
  }

  @Test
  void metaData_isWrappedAndDescribesTheRealColumns() throws SQLException {
    try (PreparedStatement select = row(1); ResultSet rows = select.executeQuery()) {
      assertThat(rows.getMetaData()).isInstanceOf(EnvelopeResultSetMetaData.class);
      assertThat(rows.getMetaData().getColumnCount()).isEqualTo(3);
      assertThat(rows.getMetaData().getColumnLabel(3)).isEqualToIgnoringCase("secret");
      assertThat(select.getMetaData()).isInstanceOf(EnvelopeResultSetMetaData.class);
    }
  }

  private PreparedStatement row(int id) throws SQLException {
    PreparedStatement select = db.envelope.prepareStatement(SELECT);
    select.setInt(1, id);
    return select;
  }

  private static String readAll(Reader reader) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int c = reader.read(); c != -1; c = reader.read()) {
      text.append((char) c);
    }
    return text.toString();
  }
}
