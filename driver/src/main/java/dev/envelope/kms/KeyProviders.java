package dev.envelope.kms;

import dev.envelope.EnvelopeConfig;
import dev.envelope.EnvelopeException;
import dev.envelope.EnvelopeSetting;
import dev.envelope.SqlState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/** Makes the key provider that {@code envelope.kms} names. */
public final class KeyProviders {

  private KeyProviders() {
  }

  /** The provider for these settings; fails with {@code CONNECTION_SETTINGS} when unusable. */
  public static KeyProvider create(EnvelopeConfig config) throws SQLException {
    String kind = config.require(EnvelopeSetting.KMS).toLowerCase(Locale.ROOT);
    switch (kind) {
      case "local":
        return local(config);
      case "aws":
        return AwsKmsKeyProvider.create(config);
      default:
        throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
            "envelope.kms must be aws or local, not " + kind);
    }
  }

  private static KeyProvider local(EnvelopeConfig config) throws SQLException {
    String key = config.get(EnvelopeSetting.LOCAL_MASTER_KEY);
    String file = config.get(EnvelopeSetting.LOCAL_MASTER_KEY_FILE);
    if (key != null && file != null) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          "set envelope.local.masterKey or envelope.local.masterKeyFile, not both");
    }
    if (key != null) {
      return LocalKeyProvider.fromBase64(key);
    }
    if (file != null) {
      return LocalKeyProvider.fromFile(Path.of(file));
    }
    throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
        "envelope.kms=local needs envelope.local.masterKey or envelope.local.masterKeyFile");
  }
}
