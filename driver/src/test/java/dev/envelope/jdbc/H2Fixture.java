package dev.envelope.jdbc;

import dev.envelope.engine.ExecutionPlan;
import dev.envelope.engine.ParameterCodec;
import dev.envelope.engine.ResultCodec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.h2.Driver;

/** A fresh H2 in-memory database per test, with the raw connection and the Envelope one. */
final class H2Fixture implements AutoCloseable {

  /**
   * H2's driver used directly: the service file lists Envelope's own driver too, so the
   * fixture does not depend on how DriverManager loads it.
   */
  private static final Driver H2 = new Driver();

  final Connection raw;
  final ScriptedPlanner planner = new ScriptedPlanner();
  final EnvelopeConnection envelope;

  H2Fixture(String... ddl) throws SQLException {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    raw = H2.connect(url, new Properties());
    try (Statement statement = raw.createStatement()) {
      for (String sql : ddl) {
        statement.execute(sql);
      }
    }
    envelope = new EnvelopeConnection(H2.connect(url, new Properties()), planner);
  }

  /** The single value of a query on the raw connection, as text. */
  String rawString(String sql) throws SQLException {
    try (Statement statement = raw.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : "<no row>";
    }
  }

  long rawCount(String table) throws SQLException {
    return Long.parseLong(rawString("select count(*) from " + table));
  }

  static ExecutionPlan parameters(ParameterCodec... codecs) {
    return new ExecutionPlan(codecs, List.of(), Map.of(), false);
  }

  static ExecutionPlan results(ResultCodec... codecs) {
    return new ExecutionPlan(new ParameterCodec[0], Arrays.asList(codecs), Map.of(), false);
  }

  @Override
  public void close() throws SQLException {
    envelope.close();
    try (Statement statement = raw.createStatement()) {
      statement.execute("shutdown");
    }
    raw.close();
  }
}
