package dev.envelope.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ExecutionPlan;
import dev.envelope.engine.ParameterCodec;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnvelopeStatementTest {

  private static final String REFUSED = "insert into people values (1, 'plaintext')";

  private H2Fixture db;

  @BeforeEach
  void setUp() throws SQLException {
    db = new H2Fixture("create table people(id int primary key, secret varchar(1000))");
    db.planner.refuse(REFUSED);
  }

  @AfterEach
  void tearDown() throws SQLException {
    db.close();
  }

  @Test
  void refusedStatement_failsAtPrepare_beforeTheDelegateSeesIt() {
    String unknownTable = "insert into no_such_table values (?)";
    db.planner.refuse(unknownTable);

    // H2 would fail with "table not found"; the planner's refusal must come first.
    assertThatThrownBy(() -> db.envelope.prepareStatement(unknownTable))
        .isInstanceOf(EnvelopeException.class)
        .extracting(e -> ((EnvelopeException) e).state())
        .isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
    assertThatThrownBy(() -> db.envelope.prepareCall(unknownTable))
        .isInstanceOf(EnvelopeException.class);
  }

  @Test
  void refusedStatement_onAPlainStatement_leavesTheTableUnchanged() throws SQLException {
    try (Statement statement = db.envelope.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate(REFUSED))
          .isInstanceOf(EnvelopeException.class);
      assertThatThrownBy(() -> statement.execute(REFUSED))
          .isInstanceOf(EnvelopeException.class);
      assertThatThrownBy(() -> statement.executeLargeUpdate(REFUSED))
          .isInstanceOf(EnvelopeException.class);
      assertThatThrownBy(() -> statement.addBatch(REFUSED))
          .isInstanceOf(EnvelopeException.class);
      statement.executeBatch();
    }

    assertThat(db.rawCount("people")).isZero();
    assertThat(db.planner.executed).isEmpty();
  }

  @Test
  void refusedQuery_isNotRun() throws SQLException {
    String query = "select secret from people";
    db.planner.refuse(query);

    try (Statement statement = db.envelope.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery(query))
          .isInstanceOf(EnvelopeException.class);
    }
    assertThat(db.planner.executed).isEmpty();
  }

  @Test
  void plainStatement_tellsThePlannerAfterEachRun() throws SQLException {
    String insert = "insert into people values (1, 'x')";
    ExecutionPlan plan = new ExecutionPlan(new ParameterCodec[0], List.of(), Map.of(), true);
    db.planner.plan(insert, plan);

    try (Statement statement = db.envelope.createStatement()) {
      statement.executeUpdate(insert);
    }

    assertThat(db.planner.planned).containsExactly(insert);
    assertThat(db.planner.executed).containsExactly(plan);
  }

  @Test
  void statementBatch_tellsThePlannerAboutEveryBatchedPlan() throws SQLException {
    ExecutionPlan first = H2Fixture.parameters();
    ExecutionPlan second = H2Fixture.parameters();
    db.planner.plan("insert into people values (1, 'a')", first)
        .plan("insert into people values (2, 'b')", second);

    try (Statement statement = db.envelope.createStatement()) {
      statement.addBatch("insert into people values (1, 'a')");
      statement.addBatch("insert into people values (2, 'b')");
      assertThat(db.planner.executed).isEmpty();

      statement.executeBatch();
    }

    assertThat(db.planner.executed).containsExactly(first, second);
    assertThat(db.rawCount("people")).isEqualTo(2);
  }

  @Test
  void statementResults_areReadWithTheCodecsOfTheirOwnSql() throws SQLException {
    try (Statement raw = db.raw.createStatement()) {
      raw.execute("insert into people values (1, 'enc:String:hidden')");
    }
    FakeCodecs.Result secret = new FakeCodecs.Result("people", "secret");
    db.planner.plan("select id, secret from people", H2Fixture.results(null, secret));

    try (Statement statement = db.envelope.createStatement()) {
      try (ResultSet rows = statement.executeQuery("select id, secret from people")) {
        rows.next();
        assertThat(rows.getString(2)).isEqualTo("hidden");
      }
      statement.execute("select id, secret from people");
      try (ResultSet rows = statement.getResultSet()) {
        rows.next();
        assertThat(rows.getString("secret")).isEqualTo("hidden");
      }
      try (ResultSet rows = statement.executeQuery("select id, secret as raw from people")) {
        rows.next();
        assertThat(rows.getString(2)).isEqualTo("enc:String:hidden");
      }
    }
  }

  @Test
  void sqlTextOverloads_onAPreparedStatement_areStillPlannedFirst() throws SQLException {
    try (PreparedStatement prepared = db.envelope.prepareStatement("select 1")) {
      assertThatThrownBy(() -> prepared.executeUpdate(REFUSED))
          .isInstanceOf(EnvelopeException.class);
      assertThatThrownBy(() -> prepared.executeQuery("select 2"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(db.rawCount("people")).isZero();
  }

  @Test
  void namedAndOutParameters_ofACallThatTouchesEncryption_areRejected() throws SQLException {
    String call = "call abs(?)";
    db.planner.plan(call, H2Fixture.parameters(new FakeCodecs.Parameter("people", "secret")));

    try (CallableStatement statement = db.envelope.prepareCall(call)) {
      assertThatThrownBy(() -> statement.getString(1))
          .isInstanceOf(EnvelopeException.class)
          .hasMessageContaining("stored-procedure parameters of encrypted columns")
          .extracting(e -> ((EnvelopeException) e).state())
          .isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
      assertThatThrownBy(() -> statement.setString("x", "plaintext"))
          .isInstanceOf(EnvelopeException.class);
    }
  }

  @Test
  void namedParameters_ofAPlainCall_goToTheDelegate() throws SQLException {
    try (CallableStatement statement = db.envelope.prepareCall("call abs(?)")) {
      // H2 has no named parameters: its own error shows that the call reached it.
      assertThatThrownBy(() -> statement.setString("x", "1"))
          .isInstanceOf(SQLException.class)
          .isNotInstanceOf(EnvelopeException.class);
    }
  }
}
