package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ColumnRef;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/** The provider overwrites the plaintext arrays of the SDK's responses once it has copied them. */
class AwsKmsZeroingTest {

  private static final ColumnRef SSN = new ColumnRef("customers", "ssn");
  private static final String ARN = "arn:aws:kms:eu-west-1:111122223333:key/zero";

  private final byte[] responsePlaintext = filled(32, 0x5a);

  @Test
  void generatedKey_leavesTheResponseArrayZeroed() throws SQLException {
    AwsKmsKeyProvider provider = new AwsKmsKeyProvider(client(), ARN, null);

    GeneratedDataKey generated = provider.generateDataKey(SSN);

    assertThat(generated.plaintextKey()).isEqualTo(filled(32, 0x5a));
    assertThat(responsePlaintext).containsOnly(0);
    generated.destroy();
    assertThat(generated.plaintextKey()).containsOnly(0);
  }

  @Test
  void decryptedKey_leavesTheResponseArrayZeroed() throws SQLException {
    AwsKmsKeyProvider provider = new AwsKmsKeyProvider(client(), ARN, null);

    byte[] key = provider.decryptDataKey(SSN, ARN, new byte[] {1, 2, 3});

    assertThat(key).isEqualTo(filled(32, 0x5a));
    assertThat(responsePlaintext).containsOnly(0);
  }

  private KmsClient client() {
    return new KmsClient() {
      @Override
      public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
        return GenerateDataKeyResponse.builder().keyId(ARN)
            .plaintext(SdkBytes.fromByteArrayUnsafe(responsePlaintext))
            .ciphertextBlob(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))
            .build();
      }

      @Override
      public DecryptResponse decrypt(DecryptRequest request) {
        return DecryptResponse.builder().keyId(ARN)
            .plaintext(SdkBytes.fromByteArrayUnsafe(responsePlaintext))
            .build();
      }

      @Override
      public String serviceName() {
        return "kms";
      }

      @Override
      public void close() {
        // Nothing to release.
      }
    };
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
