package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.integration.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Envelope with {@code envelope.kms=aws}, through the real SDK client over HTTP against the fake
 * KMS endpoint, on H2. Each "DataSource" is an engine of its own, made distinct by another
 * {@code envelope.sqlCache.size}: it shares the key table and nothing in memory.
 */
class AwsKmsEndToEndTest {

  private static final int ROWS = 10_000;
  private static final AtomicInteger ENGINES = new AtomicInteger(1900);

  private static FakeKms kms;
  private static String keyArn;

  private TestDatabase db;

  @BeforeAll
  static void startKms() throws Exception {
    AwsTestSupport.useFakeCredentials();
    kms = FakeKms.start();
    keyArn = kms.createKey("envelope-app");
  }

  @AfterAll
  static void stopKms() {
    kms.close();
    AwsTestSupport.clearFakeCredentials();
  }

  @BeforeEach
  void createDatabase() throws Exception {
    kms.restart();
    kms.latency(Duration.ZERO);
    Properties settings = new Properties();
    settings.setProperty("envelope.kms", "aws");
    settings.setProperty("envelope.kms.keyId", "alias/envelope-app");
    settings.setProperty("envelope.kms.region", FakeKms.REGION);
    settings.setProperty("envelope.kms.endpoint", kms.endpoint().toString());
    settings.setProperty("envelope.kms.apiCallTimeoutMillis", "1500");
    settings.setProperty("envelope.kms.attemptTimeoutMillis", "700");
    settings.setProperty("envelope.kms.maxRetries", "1");
    db = TestDatabase.create(TestDatabase.Kind.H2, settings);
    db.plainExecute("CREATE TABLE customers (id INTEGER PRIMARY KEY, ssn "
        + db.textType() + ", notes " + db.binaryType() + ")");
    db.annotate("customers", "ssn", "DETERMINISTIC");
    db.annotate("customers", "notes", "RANDOMIZED");
    kms.resetCalls();
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    db.close();
  }

  @Test
  void tenThousandRows_makeTwoDataKeys_andAnotherEngineUnwrapsEachOnce() throws Exception {
    try (Connection connection = db.envelope()) {
      insertRows(connection, 0, ROWS);
    }
    assertThat(kms.calls("GenerateDataKey")).isEqualTo(2);
    assertThat(kms.calls("Decrypt")).isZero();

    try (Connection other = db.envelope(freshEngine())) {
      assertThat(readAll(other)).isEqualTo(ROWS);
    }
    assertThat(kms.calls("Decrypt")).isEqualTo(2);
    assertThat(kms.calls("GenerateDataKey")).isEqualTo(2);
    assertThat(jmxTotal("GenerateDataKeyCalls")).isGreaterThanOrEqualTo(2);
    assertThat(jmxTotal("KeysCreated")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void thirtyTwoThreadsOnAColdCache_unwrapEachKeyOnce() throws Exception {
    try (Connection connection = db.envelope()) {
      insertRows(connection, 0, 200);
    }
    kms.resetCalls();
    kms.latency(Duration.ofMillis(200));
    Properties cold = freshEngine();

    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(32);
    List<Future<Integer>> reads = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      reads.add(pool.submit((Callable<Integer>) () -> {
        try (Connection connection = db.envelope(cold)) {
          start.await();
          return readAll(connection);
        }
      }));
    }
    start.countDown();
    for (Future<Integer> read : reads) {
      assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(200);
    }
    pool.shutdown();

    assertThat(kms.calls("Decrypt")).isEqualTo(2);
  }

  @Test
  void withKeysCached_anOutageStopsNothing_andAColdEngineFailsFastThenRecovers()
      throws Exception {
    try (Connection connection = db.envelope()) {
      insertRows(connection, 0, 10);
      assertThat(readAll(connection)).isEqualTo(10);

      kms.stop();
      insertRows(connection, 10, 10);
      assertThat(readAll(connection)).isEqualTo(20);
    }

    Properties cold = freshEngine();
    long start = System.nanoTime();
    try (Connection connection = db.envelope(cold)) {
      assertThatThrownBy(() -> readAll(connection))
          .isInstanceOfSatisfying(EnvelopeException.class, e -> {
            assertThat(e.state()).isEqualTo(SqlState.KEY_UNAVAILABLE);
            assertThat(e.getCause()).isNotNull();
          })
          .hasMessageContaining("Decrypt")
          .hasMessageContaining("customers.");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

    kms.restart();
    try (Connection connection = db.envelope(cold)) {
      assertThat(readAll(connection)).isEqualTo(20);
    }
  }

  @Test
  void coldEngineWithAHangingKms_failsWithinTheConfiguredTimeout() throws Exception {
    try (Connection connection = db.envelope()) {
      insertRows(connection, 0, 1);
    }
    kms.latency(Duration.ofSeconds(5));

    long start = System.nanoTime();
    try (Connection connection = db.envelope(freshEngine())) {
      assertThatThrownBy(() -> readAll(connection))
          .isInstanceOfSatisfying(EnvelopeException.class,
              e -> assertThat(e.state()).isEqualTo(SqlState.KEY_UNAVAILABLE))
          .hasMessageContaining("Timeout");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void storedDataKey_unwrapsWithTheSdkUnderItsContextOnly() throws Exception {
    try (Connection connection = db.envelope()) {
      insertRows(connection, 0, 1);
    }
    String masterKeyId;
    byte[] encryptedKey;
    try (Connection plain = db.plain();
        PreparedStatement select = plain.prepareStatement("SELECT master_key_id, encrypted_key"
            + " FROM envelope_keys WHERE table_name = 'customers' AND column_name = 'ssn'");
        ResultSet rows = select.executeQuery()) {
      assertThat(rows.next()).isTrue();
      masterKeyId = rows.getString(1);
      encryptedKey = rows.getBytes(2);
    }
    assertThat(masterKeyId).isEqualTo(keyArn);

    try (KmsClient client = AwsTestSupport.client(kms.endpoint())) {
      DecryptResponse response = client.decrypt(request -> request
          .keyId(masterKeyId)
          .ciphertextBlob(SdkBytes.fromByteArray(encryptedKey))
          .encryptionContext(Map.of("table", "customers", "column", "ssn")));
      assertThat(response.plaintext().asByteArray()).hasSize(32);
      assertThat(response.keyId()).isEqualTo(keyArn);

      for (Map<String, String> wrong : List.of(
          Map.of("table", "customers", "column", "notes"),
          Map.of("table", "orders", "column", "ssn"),
          Map.of("table", "customers"),
          Map.of("table", "customers", "column", "ssn", "extra", "x"))) {
        assertThatThrownBy(() -> client.decrypt(request -> request
            .ciphertextBlob(SdkBytes.fromByteArray(encryptedKey))
            .encryptionContext(wrong)))
            .as(wrong.toString())
            .isInstanceOf(InvalidCiphertextException.class);
      }
    }
  }

  private static Properties freshEngine() {
    Properties properties = new Properties();
    properties.setProperty("envelope.sqlCache.size",
        Integer.toString(ENGINES.incrementAndGet()));
    return properties;
  }

  private static void insertRows(Connection connection, int from, int count)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO customers (id, ssn, notes) VALUES (?, ?, ?)")) {
      for (int id = from; id < from + count; id++) {
        insert.setInt(1, id);
        insert.setString(2, "ssn-" + id);
        insert.setBytes(3, new byte[] {(byte) id, 1, 2});
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static int readAll(Connection connection) throws SQLException {
    int read = 0;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, ssn, notes FROM customers");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        int id = rows.getInt(1);
        assertThat(rows.getString(2)).isEqualTo("ssn-" + id);
        assertThat(rows.getBytes(3)).containsExactly((byte) id, 1, 2);
        read++;
      }
    }
    return read;
  }

  private static long jmxTotal(String attribute) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = server.queryNames(
        new ObjectName("dev.envelope:type=KeyCache,*"), null);
    long total = 0;
    for (ObjectName name : names) {
      total += (Long) server.getAttribute(name, attribute);
    }
    return total;
  }
}
