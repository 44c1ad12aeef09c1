package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeConfig;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/** The AWS provider through the real SDK against the fake KMS endpoint. */
class AwsKmsKeyProviderTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");
  private static final ColumnRef NOTES = new ColumnRef("customers", "notes");

  private static FakeKms kms;
  private static String keyArn;
  private static String otherArn;

  private AwsKmsKeyProvider provider;

  @BeforeAll
  static void startKms() throws IOException {
    AwsTestSupport.useFakeCredentials();
    kms = FakeKms.start();
    keyArn = kms.createKey("envelope-test");
    otherArn = kms.createKey(null);
  }

  @AfterAll
  static void stopKms() {
    kms.close();
    AwsTestSupport.clearFakeCredentials();
  }

  @AfterEach
  void closeProvider() throws IOException {
    if (provider != null) {
      provider.close();
    }
    kms.restart();
  }

  @Test
  void generatedKey_storesTheArnAndUnwrapsUnderItsContext() throws SQLException {
    provider = provider("alias/envelope-test");

    GeneratedDataKey generated = provider.generateDataKey(SSN);
    byte[] unwrapped = provider.decryptDataKey(SSN, generated.masterKeyId(),
        generated.encryptedKey());

    assertThat(generated.masterKeyId()).isEqualTo(keyArn);
    assertThat(unwrapped).hasSize(32).isEqualTo(generated.plaintextKey());
  }

  @Test
  void keyOfAnotherColumn_isRejectedAsInvalid() throws SQLException {
    provider = provider(keyArn);
    GeneratedDataKey generated = provider.generateDataKey(SSN);
    String blob = Base64.getEncoder().encodeToString(generated.encryptedKey());

    assertThatThrownBy(() -> provider.decryptDataKey(NOTES, generated.masterKeyId(),
        generated.encryptedKey()))
        .isInstanceOfSatisfying(KeyProviderException.class, e -> {
          assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID);
          assertThat(e.refused()).isTrue();
          assertThat(e.getCause()).isNotNull();
        })
        .hasMessageContaining("customers.notes")
        .hasMessageContaining("Decrypt")
        .hasMessageContaining("InvalidCiphertextException")
        .hasMessageNotContaining(blob);
  }

  @Test
  void keyUnderAnotherMasterKeyId_isRejectedAsIncorrectKey() throws SQLException {
    provider = provider(keyArn);
    GeneratedDataKey generated = provider.generateDataKey(SSN);

    assertThatThrownBy(() -> provider.decryptDataKey(SSN, otherArn, generated.encryptedKey()))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID))
        .hasMessageContaining("IncorrectKeyException");
  }

  @Test
  void keyOfTheLocalProvider_isRejectedWithoutAskingKms() throws SQLException {
    provider = provider(keyArn);
    kms.resetCalls();

    assertThatThrownBy(() -> provider.decryptDataKey(SSN, "local:0011223344556677",
        new byte[61]))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.KEY_INVALID));
    assertThat(kms.calls("Decrypt")).isZero();
  }

  @Test
  void unknownKeyId_failsAsUnavailableAndRefused() {
    provider = provider("alias/no-such-key");

    assertThatThrownBy(() -> provider.generateDataKey(SSN))
        .isInstanceOfSatisfying(KeyProviderException.class, e -> {
          assertThat(e.state()).isEqualTo(SqlState.KEY_UNAVAILABLE);
          assertThat(e.refused()).isTrue();
        })
        .hasMessageContaining("GenerateDataKey")
        .hasMessageContaining("customers.ssn")
        .hasMessageContaining("NotFoundException");
  }

  @Test
  void endpointDown_failsWithinTheConfiguredBound() {
    provider = provider(keyArn);
    kms.stop();

    long start = System.nanoTime();
    assertThatThrownBy(() -> provider.generateDataKey(SSN))
        .isInstanceOfSatisfying(KeyProviderException.class, e -> {
          assertThat(e.state()).isEqualTo(SqlState.KEY_UNAVAILABLE);
          assertThat(e.refused()).isFalse();
        })
        .hasMessageContaining("GenerateDataKey")
        .hasMessageNotContaining("127.0.0.1");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void slowEndpoint_timesOutAsUnavailable() {
    provider = provider(keyArn);
    kms.latency(Duration.ofMillis(1500));
    try {
      assertThatThrownBy(() -> provider.generateDataKey(SSN))
          .isInstanceOfSatisfying(KeyProviderException.class,
              e -> assertThat(e.refused()).isFalse())
          .hasMessageContaining("Timeout");
    } finally {
      kms.latency(Duration.ZERO);
    }
  }

  @Test
  void missingKeyId_isASettingsError() {
    Properties settings = settings(null);

    assertThatThrownBy(() -> AwsKmsKeyProvider.create(config(settings)))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
        .hasMessageContaining("envelope.kms.keyId");
  }

  @Test
  void missingRegion_failsWhenTheChainFindsNone() {
    Properties settings = settings(keyArn);
    settings.remove("envelope.kms.region");

    assertThatThrownBy(() -> AwsKmsKeyProvider.create(config(settings), () -> {
      throw SdkClientException.create("Unable to load region from any of the providers");
    }))
        .isInstanceOfSatisfying(EnvelopeException.class,
            e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
        .hasMessageContaining("envelope.kms.region is not set");
  }

  @Test
  void missingRegion_takesTheChainsRegion() throws SQLException {
    assertThat(AwsKmsKeyProvider.region(null, () -> Region.AP_SOUTHEAST_2))
        .isEqualTo(Region.AP_SOUTHEAST_2);
    assertThat(AwsKmsKeyProvider.region("EU-CENTRAL-1", () -> Region.US_EAST_1))
        .isEqualTo(Region.EU_CENTRAL_1);
  }

  @Test
  void invalidSettings_areRejectedWithoutQuotingThem() {
    String secretish = "http://user:hunter2@kms.example";
    for (String[] bad : new String[][] {
        {"envelope.kms.endpoint", secretish},
        {"envelope.kms.endpoint", "ftp://kms.example"},
        {"envelope.kms.endpoint", "not a url"},
        {"envelope.kms.region", "eu west 1"},
        {"envelope.kms.apiCallTimeoutMillis", "0"},
        {"envelope.kms.attemptTimeoutMillis", "soon"},
        {"envelope.kms.maxRetries", "11"},
        {"envelope.kms.attemptTimeoutMillis", "20000"}}) {
      Properties settings = settings(keyArn);
      settings.setProperty(bad[0], bad[1]);

      assertThatThrownBy(() -> AwsKmsKeyProvider.create(config(settings)))
          .as(Arrays.toString(bad))
          .isInstanceOfSatisfying(EnvelopeException.class,
              e -> assertThat(e.state()).isEqualTo(SqlState.CONNECTION_SETTINGS))
          .hasMessageContaining(bad[0].substring(0, "envelope.kms.".length()))
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void driverSetting_selectsTheAwsProvider() throws SQLException {
    Properties settings = settings(keyArn);
    settings.setProperty("envelope.kms", "aws");

    try (KeyProvider created = KeyProviders.create(config(settings))) {
      assertThat(created.name()).isEqualTo("aws");
      assertThat(created.toString()).contains(keyArn);
    }
  }

  private static AwsKmsKeyProvider provider(String keyId) {
    try {
      return AwsKmsKeyProvider.create(config(settings(keyId)));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Properties settings(String keyId) {
    Properties settings = new Properties();
    if (keyId != null) {
      settings.setProperty("envelope.kms.keyId", keyId);
    }
    settings.setProperty("envelope.kms.region", FakeKms.REGION);
    settings.setProperty("envelope.kms.endpoint", kms.endpoint().toString());
    settings.setProperty("envelope.kms.apiCallTimeoutMillis", "2000");
    settings.setProperty("envelope.kms.attemptTimeoutMillis", "500");
    settings.setProperty("envelope.kms.maxRetries", "1");
    return settings;
  }

  private static EnvelopeConfig config(Properties settings) {
    return EnvelopeConfig.resolve(settings);
  }
}
