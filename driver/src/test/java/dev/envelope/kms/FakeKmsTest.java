package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/** The fake endpoint keeps KMS's rules, so that tests built on it can fail. */
class FakeKmsTest {

  private static final Map<String, String> SSN = Map.of("table", "customers", "column", "ssn");
  private static final Map<String, String> CARD = Map.of("table", "customers", "column", "card");
  private static final SdkBytes SECRET =
      SdkBytes.fromUtf8String("thirty-two bytes of data key..!!");

  private static FakeKms kms;
  private static String first;
  private static String second;
  private static KmsClient client;

  @BeforeAll
  static void start() throws IOException {
    AwsTestSupport.useFakeCredentials();
    kms = FakeKms.start();
    first = kms.createKey("first");
    second = kms.createKey("second");
    client = AwsTestSupport.client(kms.endpoint());
  }

  @AfterAll
  static void stop() {
    client.close();
    kms.close();
    AwsTestSupport.clearFakeCredentials();
  }

  @Test
  void reEncrypt_movesABlobToAnotherKeyAndContext() {
    EncryptResponse encrypted = client.encrypt(r -> r.keyId("alias/first").plaintext(SECRET)
        .encryptionContext(SSN));

    ReEncryptResponse moved = client.reEncrypt(r -> r
        .ciphertextBlob(encrypted.ciphertextBlob())
        .sourceEncryptionContext(SSN)
        .destinationKeyId(second)
        .destinationEncryptionContext(CARD));

    assertThat(encrypted.keyId()).isEqualTo(first);
    assertThat(moved.sourceKeyId()).isEqualTo(first);
    assertThat(moved.keyId()).isEqualTo(second);
    assertThat(client.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob()).keyId(second)
        .encryptionContext(CARD)).plaintext()).isEqualTo(SECRET);
    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob())
        .encryptionContext(SSN))).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob())
        .keyId(first).encryptionContext(CARD))).isInstanceOf(IncorrectKeyException.class);
  }

  @Test
  void aliasArnAndBareKeyId_resolveToTheKeyArn() {
    String aliasArn = "arn:aws:kms:" + FakeKms.REGION + ":111122223333:alias/first";
    String bareId = first.substring(first.indexOf("key/") + 4);

    assertThat(client.encrypt(r -> r.keyId(aliasArn).plaintext(SECRET)).keyId())
        .isEqualTo(first);
    assertThat(client.encrypt(r -> r.keyId(bareId).plaintext(SECRET)).keyId())
        .isEqualTo(first);
    assertThatThrownBy(() -> client.encrypt(r -> r.keyId("alias/none").plaintext(SECRET)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void tamperedBlob_isInvalidCiphertext() {
    byte[] blob = client.encrypt(r -> r.keyId(first).plaintext(SECRET).encryptionContext(SSN))
        .ciphertextBlob().asByteArray();
    blob[blob.length - 1] ^= 1;

    assertThatThrownBy(() -> client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))
        .encryptionContext(SSN))).isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void restart_answersOnTheSamePortWithTheSameKeys() throws IOException {
    URI before = kms.endpoint();
    SdkBytes blob = client.encrypt(r -> r.keyId(first).plaintext(SECRET)).ciphertextBlob();
    kms.resetCalls();

    kms.stop();
    kms.restart();

    assertThat(kms.endpoint()).isEqualTo(before);
    assertThat(client.decrypt(r -> r.ciphertextBlob(blob)).plaintext()).isEqualTo(SECRET);
    assertThat(kms.calls("Decrypt")).isEqualTo(1);
  }
}
