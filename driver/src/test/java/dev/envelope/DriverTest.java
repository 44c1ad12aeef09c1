package dev.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The URL prefix swap, the settings, and the errors a misconfigured application sees. */
class DriverTest {

  private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
  private static final RecordingDriver RECORDING = new RecordingDriver();

  @BeforeAll
  static void registerRecordingDriver() throws SQLException {
    DriverManager.registerDriver(RECORDING);
  }

  @AfterAll
  static void deregisterRecordingDriver() throws SQLException {
    DriverManager.deregisterDriver(RECORDING);
  }

  @Test
  void driver_isRegisteredThroughServiceLoader() throws SQLException {
    assertThat(DriverManager.getDriver("jdbc:envelope:h2:mem:x"))
        .isInstanceOf(EnvelopeDriver.class);
  }

  @Test
  void onlyTheLeadingPrefixIsReplaced() throws SQLException {
    assertThat(EnvelopeDriver.delegateUrl("jdbc:envelope:h2:mem:jdbc:envelope:x"))
        .isEqualTo("jdbc:h2:mem:jdbc:envelope:x");
    assertThat(new EnvelopeDriver().acceptsURL("jdbc:h2:mem:x")).isFalse();
    assertThat(new EnvelopeDriver().connect("jdbc:h2:mem:x", new Properties())).isNull();
  }

  @Test
  void delegateHiddenFromDriverManager_isFoundThroughServiceLoader() throws SQLException {
    // As behind an application server's class loaders: DriverManager does not offer H2.
    Driver h2 = DriverManager.getDriver("jdbc:h2:mem:hidden");
    DriverManager.deregisterDriver(h2);
    try {
      try (Connection connection = DriverManager.getConnection(
          "jdbc:envelope:h2:mem:hidden;DB_CLOSE_DELAY=-1", local())) {
        assertThat(connection.isValid(1)).isTrue();
        assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
      }
    } finally {
      DriverManager.registerDriver(h2);
    }
  }

  @Test
  void envelopeSettings_neverReachTheDelegate() throws SQLException {
    Properties properties = local();
    properties.setProperty("user", "sa");
    properties.setProperty("envelope.policy.refreshSeconds", "5");
    try (Connection connection = DriverManager.getConnection(
        "jdbc:envelope:recording:h2:mem:recorded;DB_CLOSE_DELAY=-1", properties)) {
      assertThat(connection.isValid(1)).isTrue();
    }
    assertThat(RECORDING.last.get().stringPropertyNames()).contains("user")
        .noneMatch(name -> name.startsWith("envelope."));
  }

  @Test
  void missingKeyProvider_failsWithASettingsError() {
    SQLException failure = catchThrowableOfType(SQLException.class,
        () -> DriverManager.getConnection("jdbc:envelope:h2:mem:nokms", new Properties()));
    assertThat(failure.getSQLState()).isEqualTo("08E01");
    assertThat(failure.getMessage()).contains("envelope.kms");
  }

  @Test
  void environmentNames_followTheContract() {
    assertThat(EnvelopeSetting.KMS_KEY_ID.environmentName()).isEqualTo("ENVELOPE_KMS_KEY_ID");
    assertThat(EnvelopeSetting.LOCAL_MASTER_KEY_FILE.environmentName())
        .isEqualTo("ENVELOPE_LOCAL_MASTER_KEY_FILE");
    assertThat(EnvelopeSetting.KEY_CACHE_TTL_SECONDS.environmentName())
        .isEqualTo("ENVELOPE_KEY_CACHE_TTL_SECONDS");
    Properties none = new Properties();

    EnvelopeConfig config = EnvelopeConfig.resolve(none, none,
        java.util.Map.of("ENVELOPE_KMS_KEY_ID", "alias/app"));

    assertThat(config.get(EnvelopeSetting.KMS_KEY_ID)).isEqualTo("alias/app");
  }

  @Test
  void keyCacheLifetimeOutOfRange_failsWithASettingsError() {
    for (String ttl : new String[] {"0", "-5", "604801", "an hour"}) {
      Properties properties = local();
      properties.setProperty("envelope.keyCache.ttlSeconds", ttl);
      SQLException failure = catchThrowableOfType(SQLException.class,
          () -> DriverManager.getConnection("jdbc:envelope:h2:mem:ttl", properties));
      assertThat(failure.getSQLState()).as(ttl).isEqualTo("08E01");
      assertThat(failure.getMessage()).contains("envelope.keyCache.ttlSeconds");
    }
  }

  @Test
  void awsWithoutKeyId_failsWithASettingsError() {
    Properties properties = new Properties();
    properties.setProperty("envelope.kms", "aws");
    properties.setProperty("envelope.kms.region", "eu-west-1");
    SQLException failure = catchThrowableOfType(SQLException.class,
        () -> DriverManager.getConnection("jdbc:envelope:h2:mem:awsnokey", properties));
    assertThat(failure.getSQLState()).isEqualTo("08E01");
    assertThat(failure.getMessage()).contains("envelope.kms.keyId");
  }

  @Test
  void badMasterKey_failsWithoutEchoingIt() {
    Properties properties = new Properties();
    properties.setProperty("envelope.kms", "local");
    properties.setProperty("envelope.local.masterKey", "c2VjcmV0LXNob3J0LWtleQ==");
    SQLException failure = catchThrowableOfType(SQLException.class,
        () -> DriverManager.getConnection("jdbc:envelope:h2:mem:badkey", properties));
    assertThat(failure.getSQLState()).isEqualTo("08E01");
    assertThat(failure.getMessage()).doesNotContain("c2VjcmV0LXNob3J0LWtleQ==")
        .doesNotContain("secret");
  }

  @Test
  void unknownDelegate_failsWithoutEchoingTheUrl() {
    SQLException failure = catchThrowableOfType(SQLException.class,
        () -> DriverManager.getConnection(
            "jdbc:envelope:nosuchdb://db/app?password=hunter2", local()));
    assertThat(failure.getSQLState()).isEqualTo("08E01");
    assertThat(failure.getMessage()).contains("jdbc:nosuchdb").doesNotContain("hunter2");
  }

  @Test
  void settings_comeFromPropertiesThenSystemThenEnvironment() throws SQLException {
    Properties info = new Properties();
    info.setProperty("envelope.kms", "local");
    Properties system = new Properties();
    system.setProperty("envelope.kms", "aws");
    system.setProperty("envelope.kms.region", "eu-west-1");
    java.util.Map<String, String> env = java.util.Map.of("ENVELOPE_KMS_REGION", "us-east-2",
        "ENVELOPE_KMS_KEY_ID", "alias/app");

    EnvelopeConfig config = EnvelopeConfig.resolve(info, system, env);

    assertThat(config.get(EnvelopeSetting.KMS)).isEqualTo("local");
    assertThat(config.get(EnvelopeSetting.KMS_REGION)).isEqualTo("eu-west-1");
    assertThat(config.get(EnvelopeSetting.KMS_KEY_ID)).isEqualTo("alias/app");
    assertThat(config.get(EnvelopeSetting.POLICY_REFRESH_SECONDS)).isEqualTo("60");
  }

  @Test
  void configToStringAndPropertyInfo_maskTheMasterKey() throws SQLException {
    EnvelopeConfig config = EnvelopeConfig.resolve(local());
    assertThat(config.toString()).contains("envelope.kms=local").doesNotContain(MASTER_KEY);

    DriverPropertyInfo[] info = new EnvelopeDriver().getPropertyInfo("jdbc:envelope:h2:mem:x",
        local());
    assertThat(info).extracting(property -> property.name).contains("envelope.kms",
        "envelope.local.masterKey");
    assertThat(info).extracting(property -> property.value).doesNotContain(MASTER_KEY);
  }

  private static Properties local() {
    Properties properties = new Properties();
    properties.setProperty("envelope.kms", "local");
    properties.setProperty("envelope.local.masterKey", MASTER_KEY);
    return properties;
  }

  /** A delegate driver for {@code jdbc:recording:<url>} that notes the properties it gets. */
  static final class RecordingDriver implements Driver {
    final AtomicReference<Properties> last = new AtomicReference<>();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      if (!acceptsURL(url)) {
        return null;
      }
      last.set((Properties) info.clone());
      return DriverManager.getConnection("jdbc:" + url.substring("jdbc:recording:".length()),
          info);
    }

    @Override
    public boolean acceptsURL(String url) {
      return url.startsWith("jdbc:recording:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }
  }
}
