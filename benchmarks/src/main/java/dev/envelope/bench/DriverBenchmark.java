package dev.envelope.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole driver against the plain one, in the same run: a customers table of {@value #ROWS}
 * rows whose ssn (deterministic) and notes (randomized) are annotated, read and written through
 * {@code jdbc:envelope:...} or through the plain URL on an identical table without annotations.
 * The database is embedded H2 in memory, or PostgreSQL on 127.0.0.1:5432 (database test, user
 * postgres, a schema of its own) with {@code -p database=postgresql}. Report the ratio
 * envelope / plain per benchmark and database.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DriverBenchmark {

  static final int ROWS = 10_000;

  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

  @Param({"plain", "envelope"})
  public String driver;

  @Param({"h2"})
  public String database;

  private Connection connection;
  private String table;
  private PreparedStatement insert;
  private PreparedStatement lookup;
  private PreparedStatement scan;
  private int nextId = ROWS;
  private String schema;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String name = "bench" + System.nanoTime();
    String plainUrl;
    Properties settings = new Properties();
    if ("postgresql".equals(database)) {
      schema = name;
      settings.setProperty("user", "postgres");
      try (Connection admin = DriverManager.getConnection(PG_URL, settings);
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE SCHEMA " + schema);
      }
      plainUrl = PG_URL + "?currentSchema=" + schema;
    } else {
      plainUrl = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }
    String envelopeUrl = "jdbc:envelope:" + plainUrl.substring("jdbc:".length());
    Properties plainSettings = (Properties) settings.clone();
    byte[] masterKey = new byte[32];
    new SecureRandom().nextBytes(masterKey);
    settings.setProperty("envelope.kms", "local");
    settings.setProperty("envelope.local.masterKey",
        Base64.getEncoder().encodeToString(masterKey));

    try (Connection setup = DriverManager.getConnection(plainUrl, plainSettings);
        Statement statement = setup.createStatement()) {
      for (String t : new String[] {"c_plain", "c_enc"}) {
        statement.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, name VARCHAR(100),"
            + " ssn VARCHAR(200), notes VARCHAR(400))");
        statement.execute("CREATE INDEX " + t + "_ssn ON " + t + " (ssn)");
      }
    }
    try (Connection annotate = DriverManager.getConnection(envelopeUrl, settings);
        Statement statement = annotate.createStatement()) {
      statement.execute("INSERT INTO envelope_columns (table_name, column_name, mode) VALUES"
          + " ('c_enc', 'ssn', 'DETERMINISTIC'), ('c_enc', 'notes', 'RANDOMIZED')");
    }

    boolean envelope = "envelope".equals(driver);
    table = envelope ? "c_enc" : "c_plain";
    connection = envelope ? DriverManager.getConnection(envelopeUrl, settings)
        : DriverManager.getConnection(plainUrl, plainSettings);
    insert = connection.prepareStatement(
        "INSERT INTO " + table + " (id, name, ssn, notes) VALUES (?, ?, ?, ?)");
    connection.setAutoCommit(false);
    for (int id = 0; id < ROWS; id++) {
      bindRow(id);
      insert.addBatch();
    }
    insert.executeBatch();
    connection.commit();
    connection.setAutoCommit(true);
    lookup = connection.prepareStatement(
        "SELECT id, name, ssn, notes FROM " + table + " WHERE ssn = ?");
    scan = connection.prepareStatement("SELECT id, name, ssn, notes FROM " + table);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
    if (schema != null) {
      Properties settings = new Properties();
      settings.setProperty("user", "postgres");
      try (Connection admin = DriverManager.getConnection(PG_URL, settings);
          Statement statement = admin.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** One INSERT of a row with both annotated columns, autocommit. */
  @Benchmark
  public int insertRow() throws SQLException {
    bindRow(nextId++);
    return insert.executeUpdate();
  }

  /** One equality search on the deterministic column (indexed), reading the whole row. */
  @Benchmark
  public void pointLookup(Blackhole sink) throws SQLException {
    lookup.setString(1, ssn(ThreadLocalRandom.current().nextInt(ROWS)));
    try (ResultSet rows = lookup.executeQuery()) {
      while (rows.next()) {
        readRow(rows, sink);
      }
    }
  }

  /** Reads all {@value #ROWS} rows, every column. */
  @Benchmark
  public void fullScan(Blackhole sink) throws SQLException {
    try (ResultSet rows = scan.executeQuery()) {
      while (rows.next()) {
        readRow(rows, sink);
      }
    }
  }

  private void bindRow(int id) throws SQLException {
    insert.setInt(1, id);
    insert.setString(2, "customer " + id);
    insert.setString(3, ssn(id));
    insert.setString(4, "notes for customer " + id + ", prefers e-mail");
  }

  private static void readRow(ResultSet rows, Blackhole sink) throws SQLException {
    sink.consume(rows.getInt(1));
    sink.consume(rows.getString(2));
    sink.consume(rows.getString(3));
    sink.consume(rows.getString(4));
  }

  private static String ssn(int id) {
    return String.format("%03d-%02d-%04d", id % 1000, id % 100, id);
  }
}
