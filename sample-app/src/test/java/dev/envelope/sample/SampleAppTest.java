package dev.envelope.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.kms.AwsTestSupport;
import dev.envelope.kms.FakeKms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The demo runs end to end on the embedded default and shows ciphertext at rest. */
class SampleAppTest {

  @Test
  void demoOnEmbeddedH2_findsTheCustomerAndShowsOnlyCiphertextAtRest(@TempDir Path dir) {
    StringWriter output = new StringWriter();
    CommandLine command = new CommandLine(new SampleApp());
    command.setOut(new PrintWriter(output));
    Path key = dir.resolve("demo.key");

    int exit = command.execute("--url", "jdbc:envelope:h2:mem:sample-test;DB_CLOSE_DELAY=-1",
        "--master-key-file", key.toString());

    String text = output.toString();
    assertThat(exit).as(text).isZero();
    assertThat(Files.exists(key)).isTrue();
    assertThat(text).contains("id=2 name=Alan Turing ssn=219-09-9999 notes=Call after 6pm");
    String atRest = text.substring(text.indexOf("A plain connection"));
    assertThat(atRest).contains("name=Alan Turing").doesNotContain("219-09-9999")
        .doesNotContain("Call after 6pm");
    assertThat(text).contains("SQLState 0AE01");
  }

  @Test
  void demoWithTheAwsProvider_getsItsDataKeysFromKms() throws Exception {
    AwsTestSupport.useFakeCredentials();
    try (FakeKms kms = FakeKms.start()) {
      kms.createKey("envelope-sample");
      StringWriter output = new StringWriter();
      CommandLine command = new CommandLine(new SampleApp());
      command.setOut(new PrintWriter(output));

      int exit = command.execute("--url",
          "jdbc:envelope:h2:mem:sample-aws-test;DB_CLOSE_DELAY=-1", "--kms", "aws",
          "--kms-key-id", "alias/envelope-sample", "--kms-region", FakeKms.REGION,
          "--kms-endpoint", kms.endpoint().toString());

      String text = output.toString();
      assertThat(exit).as(text).isZero();
      assertThat(text).contains("id=2 name=Alan Turing ssn=219-09-9999 notes=Call after 6pm");
      assertThat(kms.calls("GenerateDataKey")).isEqualTo(4);
    } finally {
      AwsTestSupport.clearFakeCredentials();
    }
  }
}
