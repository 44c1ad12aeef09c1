package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ColumnRef;
import dev.envelope.SqlState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.model.KmsException;

class AwsKmsErrorsTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");

  @ParameterizedTest
  @CsvSource({
      "InvalidCiphertextException, 400, KEY_INVALID, true",
      "IncorrectKeyException, 400, KEY_INVALID, true",
      "NotFoundException, 400, KEY_UNAVAILABLE, true",
      "DisabledException, 400, KEY_UNAVAILABLE, true",
      "AccessDeniedException, 400, KEY_UNAVAILABLE, true",
      "KMSInvalidStateException, 400, KEY_UNAVAILABLE, true",
      "KeyUnavailableException, 500, KEY_UNAVAILABLE, false",
      "DependencyTimeoutException, 503, KEY_UNAVAILABLE, false",
      "KMSInternalException, 500, KEY_UNAVAILABLE, false",
      "ThrottlingException, 400, KEY_UNAVAILABLE, false",
      "ExpiredTokenException, 400, KEY_UNAVAILABLE, false"})
  void serviceErrors_mapToAStateAndSayWhetherTheKeyWasRefused(String code, int status,
      SqlState state, boolean refused) {
    KmsException error = (KmsException) KmsException.builder()
        .message("Key arn:aws:kms:eu-west-1:111122223333:key/abc is in a state, blob AQID")
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
        .build();

    KeyProviderException mapped = AwsKmsErrors.map("Decrypt", SSN, error);

    assertThat(mapped.state()).isEqualTo(state);
    assertThat(mapped.getSQLState()).isEqualTo(state.code());
    assertThat(mapped.refused()).isEqualTo(refused);
    assertThat(mapped.getCause()).isSameAs(error);
    assertThat(mapped.getMessage()).contains("customers.ssn", "Decrypt", code)
        .doesNotContain("AQID", "arn:aws");
  }

  @Test
  void throttling_isNamedAsSuch() {
    KmsException error = (KmsException) KmsException.builder().statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build())
        .build();

    assertThat(AwsKmsErrors.map("GenerateDataKey", SSN, error).getMessage())
        .contains("throttled");
  }

  @Test
  void timeouts_areUnavailableAndNotRefused() {
    for (Exception error : new Exception[] {ApiCallTimeoutException.create(2000),
        ApiCallAttemptTimeoutException.create(500)}) {
      KeyProviderException mapped = AwsKmsErrors.map("Decrypt", SSN,
          (SdkException) error);

      assertThat(mapped.state()).isEqualTo(SqlState.KEY_UNAVAILABLE);
      assertThat(mapped.refused()).isFalse();
      assertThat(mapped.getMessage()).contains(error.getClass().getSimpleName(), "Timeout");
    }
  }

  @Test
  void networkFailure_isUnavailableAndDoesNotQuoteTheEndpoint() {
    SdkClientException error = SdkClientException.create(
        "Unable to execute HTTP request: Connect to kms.internal.example:443 failed");

    KeyProviderException mapped = AwsKmsErrors.map("GenerateDataKey", SSN, error);

    assertThat(mapped.state()).isEqualTo(SqlState.KEY_UNAVAILABLE);
    assertThat(mapped.refused()).isFalse();
    assertThat(mapped.getMessage()).contains("GenerateDataKey", "SdkClientException")
        .doesNotContain("kms.internal.example");
  }
}
