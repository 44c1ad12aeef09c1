package dev.envelope.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.envelope.kms.LocalKeyProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Envelope in one run: a HikariCP pool on the Envelope URL, a customers table with an SSN
 * (deterministic, searchable) and notes (randomized), a few rows, a search by SSN, and the rows
 * as the application sees them next to what the database holds.
 */
@Command(name = "envelope-sample", mixinStandardHelpOptions = true,
    description = "Shows Envelope encrypting columns on the client.")
public final class SampleApp implements Callable<Integer> {

  private static final List<Customer> CUSTOMERS = List.of(
      new Customer(1, "Ada Lovelace", "078-05-1120", "Prefers e-mail; allergic to nuts",
          LocalDate.of(1815, 12, 10), new BigDecimal("1250.00")),
      new Customer(2, "Alan Turing", "219-09-9999", "Call after 6pm",
          LocalDate.of(1912, 6, 23), new BigDecimal("80.5")),
      new Customer(3, "Grace Hopper", "457-55-5462", "VIP: escalate tickets",
          LocalDate.of(1906, 12, 9), new BigDecimal("-12.75")));

  @Spec
  private CommandSpec spec;

  @Option(names = "--url", defaultValue = "${env:ENVELOPE_SAMPLE_URL:-"
      + "jdbc:envelope:h2:mem:envelope-demo;DB_CLOSE_DELAY=-1}",
      description = "Envelope JDBC URL (env ENVELOPE_SAMPLE_URL). Default: ${DEFAULT-VALUE}")
  private String url;

  @Option(names = "--user", defaultValue = "${env:ENVELOPE_SAMPLE_USER:-sa}",
      description = "Database user (env ENVELOPE_SAMPLE_USER).")
  private String user;

  @Option(names = "--password", defaultValue = "${env:ENVELOPE_SAMPLE_PASSWORD:-}",
      description = "Database password (env ENVELOPE_SAMPLE_PASSWORD).", arity = "0..1",
      interactive = false)
  private String password;

  @Option(names = "--kms", defaultValue = "${env:ENVELOPE_KMS:-local}",
      description = "Key provider: local or aws (env ENVELOPE_KMS).")
  private String kms;

  @Option(names = "--master-key-file",
      defaultValue = "${env:ENVELOPE_LOCAL_MASTER_KEY_FILE:-envelope-demo.key}",
      description = "local: file with the base64 master key; made if missing."
          + " Default: ${DEFAULT-VALUE}")
  private Path masterKeyFile;

  @Option(names = "--kms-key-id", defaultValue = "${env:ENVELOPE_KMS_KEY_ID}",
      description = "aws: KMS key id, ARN or alias (env ENVELOPE_KMS_KEY_ID).")
  private String kmsKeyId;

  @Option(names = "--kms-region", defaultValue = "${env:ENVELOPE_KMS_REGION}",
      description = "aws: region (env ENVELOPE_KMS_REGION).")
  private String kmsRegion;

  @Option(names = "--kms-endpoint", defaultValue = "${env:ENVELOPE_KMS_ENDPOINT}",
      description = "aws: endpoint override URL (env ENVELOPE_KMS_ENDPOINT).")
  private String kmsEndpoint;

  /** Runs the demo; exits non-zero on failure. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the demo and returns the exit code; for tests. */
  public static int run(String... args) {
    return new CommandLine(new SampleApp()).execute(args);
  }

  @Override
  public Integer call() throws SQLException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setPoolName("envelope-sample");
    config.addDataSourceProperty("envelope.kms", kms);
    if ("local".equals(kms.toLowerCase(Locale.ROOT))) {
      ensureMasterKey(out);
      config.addDataSourceProperty("envelope.local.masterKeyFile", masterKeyFile.toString());
    } else {
      putIfSet(config, "envelope.kms.keyId", kmsKeyId);
      putIfSet(config, "envelope.kms.region", kmsRegion);
      putIfSet(config, "envelope.kms.endpoint", kmsEndpoint);
      out.println("Data keys come from AWS KMS key " + kmsKeyId
          + " (credentials from the AWS SDK's default chain).");
    }

    try (HikariDataSource pool = new HikariDataSource(config)) {
      createAndAnnotate(pool, out);
      insertCustomers(pool, out);
      findBySsn(pool, out, "219-09-9999");
      showWhatTheDatabaseHolds(out);
      showFailClosed(pool, out);
    }
    out.flush();
    return 0;
  }

  private void createAndAnnotate(HikariDataSource pool, PrintWriter out) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      boolean postgres = connection.getMetaData().getDatabaseProductName()
          .toLowerCase(Locale.ROOT).contains("postgres");
      String binary = postgres ? "BYTEA" : "VARBINARY(1024)";
      statement.execute("DROP TABLE IF EXISTS customers");
      statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(100),"
          + " ssn VARCHAR(200), notes " + binary + ", born " + binary + ", balance "
          + binary + ")");
      // A previous run may have left keys made under another master key: start clean.
      statement.execute("DELETE FROM envelope_keys WHERE table_name = 'customers'");
      statement.execute("DELETE FROM envelope_columns WHERE table_name = 'customers'");
      statement.execute("INSERT INTO envelope_columns (table_name, column_name, mode) VALUES"
          + " ('customers', 'ssn', 'DETERMINISTIC'), ('customers', 'notes', 'RANDOMIZED'),"
          + " ('customers', 'born', 'RANDOMIZED'), ('customers', 'balance', 'RANDOMIZED')");
    }
    out.println("Annotated customers.ssn (DETERMINISTIC) and customers.notes, born, balance"
        + " (RANDOMIZED).");
  }

  private static void insertCustomers(HikariDataSource pool, PrintWriter out)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO customers (id, name, ssn, notes, born, balance)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Customer customer : CUSTOMERS) {
        insert.setInt(1, customer.id());
        insert.setString(2, customer.name());
        insert.setString(3, customer.ssn());
        insert.setString(4, customer.notes());
        insert.setObject(5, customer.born());
        insert.setBigDecimal(6, customer.balance());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    out.printf("Inserted %d customers through the Envelope pool.%n", CUSTOMERS.size());
  }

  private static void findBySsn(HikariDataSource pool, PrintWriter out, String ssn)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT c.id, c.name, c.ssn, c.notes, c.born, c.balance FROM customers c"
                + " WHERE c.ssn = ?")) {
      select.setString(1, ssn);
      try (ResultSet rows = select.executeQuery()) {
        out.println();
        out.println("The application searches WHERE ssn = ? and sees plaintext:");
        while (rows.next()) {
          out.printf("  id=%d name=%s ssn=%s notes=%s born=%s balance=%s%n", rows.getInt(1),
              rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getObject(5, LocalDate.class), rows.getBigDecimal(6));
        }
      }
    }
  }

  private void showWhatTheDatabaseHolds(PrintWriter out) throws SQLException {
    String plainUrl = "jdbc:" + url.substring("jdbc:envelope:".length());
    try (Connection plain = DriverManager.getConnection(plainUrl, user, password);
        Statement statement = plain.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT id, name, ssn, notes FROM customers ORDER BY id")) {
      out.println();
      out.println("A plain connection (what the database, its backups and logs hold):");
      while (rows.next()) {
        out.printf("  id=%d name=%s ssn=%s notes=%s%n", rows.getInt(1), rows.getString(2),
            abbreviate(rows.getString(3)), abbreviate(rows.getBytes(4)));
      }
    }
  }

  private static void showFailClosed(HikariDataSource pool, PrintWriter out) {
    out.println();
    out.println("What the encryption cannot honour fails before anything is sent:");
    try (Connection connection = pool.getConnection();
        PreparedStatement like = connection.prepareStatement(
            "SELECT id FROM customers WHERE ssn LIKE ?")) {
      out.println("  unexpected: LIKE was accepted by " + like);
    } catch (SQLException e) {
      out.printf("  SELECT ... WHERE ssn LIKE ?  ->  SQLState %s: %s%n", e.getSQLState(),
          e.getMessage());
    }
  }

  private void ensureMasterKey(PrintWriter out) throws IOException {
    if (Files.exists(masterKeyFile)) {
      return;
    }
    Files.writeString(masterKeyFile, LocalKeyProvider.generateMasterKeyBase64() + "\n",
        StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(masterKeyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      out.println("Note: could not restrict the permissions of " + masterKeyFile);
    }
    out.println("Made a demo master key in " + masterKeyFile + " (keep it out of version"
        + " control; production uses envelope.kms=aws).");
  }

  private static void putIfSet(HikariConfig config, String key, String value) {
    if (value != null && !value.isBlank()) {
      config.addDataSourceProperty(key, value);
    }
  }

  /** The first characters of a ciphertext and its length: enough to see, not to copy. */
  private static String abbreviate(String text) {
    return text == null ? "NULL" : text.substring(0, Math.min(16, text.length())) + "... ("
        + text.length() + " chars)";
  }

  private static String abbreviate(byte[] bytes) {
    return bytes == null ? "NULL" : abbreviate(Base64.getEncoder().encodeToString(bytes))
        .replace("chars", "chars of base64 for " + bytes.length + " bytes");
  }

  private record Customer(int id, String name, String ssn, String notes, LocalDate born,
      BigDecimal balance) {
  }
}
