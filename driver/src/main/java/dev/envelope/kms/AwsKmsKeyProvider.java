package dev.envelope.kms;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeConfig;
import dev.envelope.EnvelopeException;
import dev.envelope.EnvelopeSetting;
import dev.envelope.SqlState;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The {@code aws} key provider: AWS KMS through the AWS SDK for Java v2. New data keys come from
 * {@code GenerateDataKey} ({@code AES_256}) under {@code envelope.kms.keyId}; stored keys are
 * unwrapped with {@code Decrypt} naming the stored {@code master_key_id} as {@code KeyId}, so a
 * blob is never unwrapped by another KMS key. Both calls carry the encryption context
 * {@code {"table", "column"}}.
 *
 * <p>Every call is bounded: {@code envelope.kms.apiCallTimeoutMillis} for the whole call, retries
 * included, and {@code envelope.kms.attemptTimeoutMillis} per attempt, so an outage surfaces as a
 * {@code KEY_UNAVAILABLE} SQLException instead of a hang.
 *
 * <p>Plaintext keys: the SDK's response arrays are zeroed once copied, and callers zero the
 * copies. The SDK's HTTP buffers, the base64 text of the JSON response and the strings parsed
 * from it cannot be zeroed from Java; they stay on the heap until collected.
 */
public final class AwsKmsKeyProvider implements KeyProvider {

  private static final int DATA_KEY_BYTES = 32;
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,40}");

  private final KmsClient client;
  private final String keyId;
  private final SdkAutoCloseable credentials;

  AwsKmsKeyProvider(KmsClient client, String keyId, SdkAutoCloseable credentials) {
    this.client = Objects.requireNonNull(client, "client");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.credentials = credentials;
  }

  /** The provider for these settings, with the SDK's default region and credentials chains. */
  public static AwsKmsKeyProvider create(EnvelopeConfig config) throws SQLException {
    return create(config, DefaultAwsRegionProviderChain.builder().build());
  }

  static AwsKmsKeyProvider create(EnvelopeConfig config, AwsRegionProvider regionChain)
      throws SQLException {
    String keyId = config.get(EnvelopeSetting.KMS_KEY_ID);
    if (keyId == null) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS, "envelope.kms=aws needs"
          + " envelope.kms.keyId (key id, key ARN, alias name or alias ARN)");
    }
    Duration apiCallTimeout = Duration.ofMillis(
        config.getLong(EnvelopeSetting.KMS_API_CALL_TIMEOUT_MILLIS, 100, 600_000));
    Duration attemptTimeout = Duration.ofMillis(
        config.getLong(EnvelopeSetting.KMS_ATTEMPT_TIMEOUT_MILLIS, 100, 600_000));
    if (attemptTimeout.compareTo(apiCallTimeout) > 0) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          "envelope.kms.attemptTimeoutMillis must not exceed envelope.kms.apiCallTimeoutMillis");
    }
    int maxAttempts = 1 + (int) config.getLong(EnvelopeSetting.KMS_MAX_RETRIES, 0, 10);
    URI endpoint = endpoint(config.get(EnvelopeSetting.KMS_ENDPOINT));
    Region region = region(config.get(EnvelopeSetting.KMS_REGION), regionChain);

    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    KmsClientBuilder builder = KmsClient.builder()
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(attemptTimeout)
            .socketTimeout(attemptTimeout))
        .overrideConfiguration(override -> override
            .apiCallTimeout(apiCallTimeout)
            .apiCallAttemptTimeout(attemptTimeout)
            .retryStrategy(retry -> retry.maxAttempts(maxAttempts)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    try {
      return new AwsKmsKeyProvider(builder.build(), keyId, credentials);
    } catch (SdkException e) {
      credentials.close();
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          "cannot set up the AWS KMS client", e);
    }
  }

  /**
   * The region: {@code envelope.kms.region}, else the SDK's default region chain. Never a
   * silent {@code us-east-1}: when neither gives one, this fails.
   */
  static Region region(String setting, AwsRegionProvider chain) throws EnvelopeException {
    if (setting != null) {
      String name = setting.toLowerCase(Locale.ROOT);
      if (!REGION.matcher(name).matches()) {
        throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
            "envelope.kms.region must be a region name such as eu-west-1");
      }
      return Region.of(name);
    }
    try {
      Region region = chain.getRegion();
      if (region != null) {
        return region;
      }
    } catch (SdkException e) {
      throw noRegion(e);
    }
    throw noRegion(null);
  }

  private static EnvelopeException noRegion(Throwable cause) {
    return new EnvelopeException(SqlState.CONNECTION_SETTINGS, "envelope.kms.region is not set"
        + " and the AWS SDK's default region chain (aws.region, AWS_REGION, the profile,"
        + " instance metadata) found none; set envelope.kms.region", cause);
  }

  /** The endpoint override, checked without ever quoting it: it may carry secrets. */
  static URI endpoint(String setting) throws EnvelopeException {
    if (setting == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(setting);
    } catch (URISyntaxException e) {
      // Not chained: the parser's message quotes the URL.
      throw badEndpoint();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
        || uri.getUserInfo() != null) {
      throw badEndpoint();
    }
    return uri;
  }

  private static EnvelopeException badEndpoint() {
    return new EnvelopeException(SqlState.CONNECTION_SETTINGS,
        "envelope.kms.endpoint must be an http or https URL with a host and no user info");
  }

  @Override
  public String name() {
    return "aws";
  }

  @Override
  public GeneratedDataKey generateDataKey(ColumnRef column) throws SQLException {
    GenerateDataKeyResponse response;
    try {
      response = client.generateDataKey(request -> request
          .keyId(keyId)
          .keySpec(DataKeySpec.AES_256)
          .encryptionContext(EncryptionContext.of(column)));
    } catch (SdkException e) {
      throw AwsKmsErrors.map("GenerateDataKey", column, e);
    }
    byte[] plaintext = response.plaintext() == null ? null
        : response.plaintext().asByteArrayUnsafe();
    try {
      if (plaintext == null || plaintext.length != DATA_KEY_BYTES
          || response.ciphertextBlob() == null || response.keyId() == null) {
        throw new KeyProviderException(SqlState.KEY_UNAVAILABLE, "KMS GenerateDataKey for "
            + column + " returned an incomplete answer", false, null);
      }
      return new GeneratedDataKey(plaintext, response.ciphertextBlob().asByteArray(),
          response.keyId());
    } finally {
      zero(plaintext);
    }
  }

  @Override
  public byte[] decryptDataKey(ColumnRef column, String masterKeyId, byte[] encryptedKey)
      throws SQLException {
    if (masterKeyId == null || !masterKeyId.startsWith("arn:")) {
      throw new KeyProviderException(SqlState.KEY_INVALID, "data key of " + column
          + " was wrapped by master key " + masterKeyId + ", which is not an AWS KMS key ARN",
          true, null);
    }
    DecryptResponse response;
    try {
      response = client.decrypt(request -> request
          .keyId(masterKeyId)
          .ciphertextBlob(SdkBytes.fromByteArray(encryptedKey))
          .encryptionContext(EncryptionContext.of(column)));
    } catch (SdkException e) {
      throw AwsKmsErrors.map("Decrypt", column, e);
    }
    byte[] plaintext = response.plaintext() == null ? null
        : response.plaintext().asByteArrayUnsafe();
    try {
      if (plaintext == null || plaintext.length != DATA_KEY_BYTES) {
        throw new KeyProviderException(SqlState.KEY_INVALID, "KMS Decrypt for " + column
            + " did not return a 256-bit data key", true, null);
      }
      return plaintext.clone();
    } finally {
      zero(plaintext);
    }
  }

  @Override
  public void close() {
    // The client does not close a credentials provider it was given.
    client.close();
    if (credentials != null) {
      credentials.close();
    }
  }

  @Override
  public String toString() {
    return "AwsKmsKeyProvider[" + keyId + "]";
  }

  private static void zero(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
