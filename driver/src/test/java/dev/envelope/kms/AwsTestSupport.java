package dev.envelope.kms;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Fake AWS credentials for the SDK's default chain (its system-property provider reads them),
 * and a plain SDK client for looking at what Envelope stored.
 */
public final class AwsTestSupport {

  private static final String ACCESS_KEY = "aws.accessKeyId";
  private static final String SECRET_KEY = "aws.secretAccessKey";

  private AwsTestSupport() {
  }

  /** Puts fake credentials where the SDK's default chain looks first. */
  public static void useFakeCredentials() {
    System.setProperty(ACCESS_KEY, "AKIDEXAMPLEENVELOPE");
    System.setProperty(SECRET_KEY, "fake-secret-for-tests");
  }

  /** Removes them again. */
  public static void clearFakeCredentials() {
    System.clearProperty(ACCESS_KEY);
    System.clearProperty(SECRET_KEY);
  }

  /** An SDK client of the fake endpoint, as an operator would use the CLI. */
  public static KmsClient client(URI endpoint) {
    return KmsClient.builder()
        .region(Region.of(FakeKms.REGION))
        .endpointOverride(endpoint)
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)))
        .build();
  }
}
