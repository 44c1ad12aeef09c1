package dev.envelope;

import java.util.Locale;

/**
 * Every {@code envelope.*} setting, declared once with its default and meaning. A setting is read
 * from the connection properties, then the Java system properties, then the environment (upper
 * case, dots as underscores). Settings marked secret are masked wherever settings are shown.
 */
public enum EnvelopeSetting {

  KMS("envelope.kms", null, false,
      "Where master keys live: aws or local."),
  KMS_KEY_ID("envelope.kms.keyId", null, false,
      "aws: the KMS key that wraps new data keys (key id, key ARN, alias name or alias ARN)."),
  KMS_REGION("envelope.kms.region", null, false,
      "aws: the AWS region; otherwise the SDK's default region chain."),
  KMS_ENDPOINT("envelope.kms.endpoint", null, false,
      "aws: an endpoint override URL (VPC endpoint, a local KMS-compatible server)."),
  KMS_API_CALL_TIMEOUT_MILLIS("envelope.kms.apiCallTimeoutMillis", "10000", false,
      "aws: the most one KMS call may take, retries included, before it fails."),
  KMS_ATTEMPT_TIMEOUT_MILLIS("envelope.kms.attemptTimeoutMillis", "3000", false,
      "aws: the most one HTTP attempt of a KMS call may take (also the connect timeout)."),
  KMS_MAX_RETRIES("envelope.kms.maxRetries", "2", false,
      "aws: how often a failed KMS call is retried (throttling, network, 5xx)."),
  LOCAL_MASTER_KEY("envelope.local.masterKey", null, true,
      "local: the 256-bit master key, base64."),
  LOCAL_MASTER_KEY_FILE("envelope.local.masterKeyFile", null, false,
      "local: a file that holds the base64 master key."),
  POLICY_REFRESH_SECONDS("envelope.policy.refreshSeconds", "60", false,
      "How often envelope_columns is read again; 0 reads it at start and after changes made"
          + " through Envelope only."),
  SCHEMA_CREATE("envelope.schema.create", "true", false,
      "Create envelope_columns and envelope_keys when they are missing."),
  SQL_CACHE_SIZE("envelope.sqlCache.size", "2000", false,
      "How many analysed SQL texts are kept."),
  KEY_CACHE_SIZE("envelope.keyCache.size", "1000", false,
      "How many unwrapped data keys (column and version) are kept in memory."),
  KEY_CACHE_TTL_SECONDS("envelope.keyCache.ttlSeconds", "300", false,
      "How long an unwrapped data key is used before the key provider is asked again; on a"
          + " provider outage the cached key keeps serving.");

  /** The prefix of every Envelope setting; such properties never reach the delegate driver. */
  public static final String PREFIX = "envelope.";

  private final String key;
  private final String defaultValue;
  private final boolean secret;
  private final String description;

  EnvelopeSetting(String key, String defaultValue, boolean secret, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.secret = secret;
    this.description = description;
  }

  /** The property name, such as {@code envelope.kms.keyId}. */
  public String key() {
    return key;
  }

  /**
   * The name of the environment variable as the contract spells it: upper case, dots and
   * camel-case humps as underscores, such as {@code ENVELOPE_KMS_KEY_ID}.
   */
  public String environmentName() {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)
        .replace('.', '_');
  }

  /** The default value, or {@code null} when there is none. */
  public String defaultValue() {
    return defaultValue;
  }

  /** Whether the value is a secret that must never be shown. */
  public boolean isSecret() {
    return secret;
  }

  /** A one-line description. */
  public String description() {
    return description;
  }
}
