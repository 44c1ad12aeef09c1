package dev.envelope.integration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The PostgreSQL test server's log, read from where it ended when a test began. Only sessions
 * opened with {@link #sessionLogging()} log their statements and parameters, so other tests and
 * other users of the server are not affected. The log file is {@code ENVELOPE_TEST_PG_LOG}, else
 * the logging collector's current file, else the newest file in /var/log/postgresql (where
 * Debian's packaged clusters log).
 */
final class ServerLog {

  private static final String LOG_EVERYTHING = "-c log_statement=all"
      + " -c log_min_duration_statement=0 -c log_parameter_max_length=-1";

  private final TestDatabase db;
  private final Path file;
  private final long start;

  private ServerLog(TestDatabase db, Path file) throws IOException {
    this.db = db;
    this.file = file;
    this.start = Files.size(file);
  }

  /**
   * Starts reading the log of {@code db}'s server. Skips the calling test when the log cannot
   * be read or the test user cannot turn on logging, or fails it when PostgreSQL is required.
   */
  static ServerLog start(TestDatabase db) throws SQLException, IOException {
    String configured = System.getenv("ENVELOPE_TEST_PG_LOG");
    Path file = configured != null ? Paths.get(configured) : collectorLog(db);
    if (file == null) {
      file = newestIn(Paths.get("/var/log/postgresql"));
    }
    Databases.assumePostgresCan(file != null && Files.isReadable(file),
        "the PostgreSQL server log cannot be read (set ENVELOPE_TEST_PG_LOG)");
    Databases.assumePostgresCan(superuser(db), "the test user cannot turn on statement logging");
    return new ServerLog(db, file);
  }

  /** pgjdbc properties that make a session log every statement with its parameters. */
  static Properties sessionLogging() {
    Properties properties = new Properties();
    properties.setProperty("options", LOG_EVERYTHING);
    return properties;
  }

  /**
   * Everything logged since {@link #start}, up to and including a marker statement that a
   * logging session runs last, so that all that came before it is in the file.
   */
  String read() throws SQLException, IOException, InterruptedException {
    String end = "envelope-log-end-" + UUID.randomUUID();
    try (Connection connection = db.envelope(sessionLogging());
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT '" + end + "'");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    String logged = readFromStart();
    while (!logged.contains(end) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      logged = readFromStart();
    }
    Databases.assumePostgresCan(logged.contains(end),
        "this PostgreSQL server's statement log is not at " + file);
    return logged;
  }

  private String readFromStart() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(Math.min(start, Files.size(file)));
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static Path collectorLog(TestDatabase db) throws SQLException {
    try (Connection plain = db.plain(); Statement statement = plain.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT pg_current_logfile(), current_setting('data_directory')")) {
      row.next();
      String file = row.getString(1);
      return file == null ? null : Paths.get(row.getString(2)).resolve(file);
    }
  }

  private static Path newestIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return null;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".log"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified())).orElse(null);
    }
  }

  private static boolean superuser(TestDatabase db) throws SQLException {
    try (Connection plain = db.plain(); Statement statement = plain.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      return row.next() && row.getBoolean(1);
    }
  }
}
