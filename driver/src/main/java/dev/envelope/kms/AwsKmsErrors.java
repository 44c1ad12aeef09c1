package dev.envelope.kms;

import dev.envelope.ColumnRef;
import dev.envelope.SqlState;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps AWS SDK failures to {@link KeyProviderException}s. The message names the column, the KMS
 * operation and the KMS error code; it never quotes the service's own message, which may echo
 * request details, and never a key or a blob. The SDK exception is chained as the cause.
 */
final class AwsKmsErrors {

  /** The wrapped key or the KeyId does not fit: this configuration cannot use this key. */
  private static final Set<String> INVALID = Set.of("InvalidCiphertextException",
      "IncorrectKeyException", "InvalidKeyUsageException");

  /** KMS answered and denied the key: revoked, disabled, deleted or not ours. */
  private static final Set<String> DENIED = Set.of("NotFoundException", "DisabledException",
      "AccessDeniedException", "AccessDeniedExceptionV2", "KMSInvalidStateException");

  private AwsKmsErrors() {
  }

  static KeyProviderException map(String operation, ColumnRef column, SdkException error) {
    String prefix = "KMS " + operation + " for " + column + " failed: ";
    if (error instanceof AwsServiceException service) {
      String code = errorCode(service);
      if (INVALID.contains(code)) {
        return new KeyProviderException(SqlState.KEY_INVALID, prefix + code
            + " (the stored key was not wrapped by this KMS key under this column's context)",
            true, error);
      }
      if (DENIED.contains(code)) {
        return new KeyProviderException(SqlState.KEY_UNAVAILABLE, prefix + code
            + " (the KMS key is missing, disabled, or not allowed to this application)",
            true, error);
      }
      String reason = service.isThrottlingException() ? " (throttled; retries exhausted)"
          : " (HTTP " + service.statusCode() + ")";
      return new KeyProviderException(SqlState.KEY_UNAVAILABLE, prefix + code + reason, false,
          error);
    }
    if (error instanceof ApiCallTimeoutException
        || error instanceof ApiCallAttemptTimeoutException) {
      return new KeyProviderException(SqlState.KEY_UNAVAILABLE, prefix
          + error.getClass().getSimpleName() + " (no answer within envelope.kms.*Timeout"
          + "Millis)", false, error);
    }
    return new KeyProviderException(SqlState.KEY_UNAVAILABLE, prefix
        + error.getClass().getSimpleName() + " (KMS could not be reached)", false, error);
  }

  private static String errorCode(AwsServiceException service) {
    AwsErrorDetails details = service.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return code == null || code.isBlank() ? service.getClass().getSimpleName() : code;
  }
}
