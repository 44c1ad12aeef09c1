package dev.envelope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The resolved Envelope settings of one connection request: connection properties first, then
 * system properties, then the environment. {@link #toString()} masks secrets.
 */
public final class EnvelopeConfig {

  private final Map<EnvelopeSetting, String> values;

  private EnvelopeConfig(Map<EnvelopeSetting, String> values) {
    this.values = values;
  }

  /** Resolves the settings from connection properties, the system properties and the env. */
  public static EnvelopeConfig resolve(Properties info) {
    return resolve(info, System.getProperties(), System.getenv());
  }

  static EnvelopeConfig resolve(Properties info, Properties system, Map<String, String> env) {
    Map<EnvelopeSetting, String> values = new EnumMap<>(EnvelopeSetting.class);
    for (EnvelopeSetting setting : EnvelopeSetting.values()) {
      String value = info == null ? null : info.getProperty(setting.key());
      if (isBlank(value)) {
        value = system.getProperty(setting.key());
      }
      if (isBlank(value)) {
        value = env.get(setting.environmentName());
      }
      if (isBlank(value)) {
        value = setting.defaultValue();
      }
      if (value != null) {
        values.put(setting, value.trim());
      }
    }
    return new EnvelopeConfig(values);
  }

  /** The properties to hand to the delegate driver: all but the {@code envelope.*} ones. */
  public static Properties delegateProperties(Properties info) {
    Properties delegate = new Properties();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (!name.startsWith(EnvelopeSetting.PREFIX)) {
          delegate.setProperty(name, info.getProperty(name));
        }
      }
    }
    return delegate;
  }

  /** The value of a setting, or {@code null} when it is not set and has no default. */
  public String get(EnvelopeSetting setting) {
    return values.get(setting);
  }

  /** The value of a setting that must be set. */
  public String require(EnvelopeSetting setting) throws EnvelopeException {
    String value = values.get(setting);
    if (value == null) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          setting.key() + " is not set (" + setting.description() + ")");
    }
    return value;
  }

  /** The value of a numeric setting. */
  public long getLong(EnvelopeSetting setting, long min, long max) throws EnvelopeException {
    String value = require(setting);
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
            setting.key() + " must be between " + min + " and " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
          setting.key() + " must be a whole number", e);
    }
  }

  /** The value of a boolean setting: {@code true} or {@code false}. */
  public boolean getBoolean(EnvelopeSetting setting) throws EnvelopeException {
    String value = require(setting);
    if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
      return Boolean.parseBoolean(value);
    }
    throw new EnvelopeException(SqlState.CONNECTION_SETTINGS,
        setting.key() + " must be true or false");
  }

  /**
   * A digest of every value, so that connections with the same settings share one engine
   * without the settings, secrets among them, being kept as a readable key.
   */
  String fingerprint(String delegateUrl, String delegateProperties) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, delegateUrl);
      update(digest, delegateProperties);
      for (EnvelopeSetting setting : EnvelopeSetting.values()) {
        update(digest, setting.key());
        update(digest, values.get(setting));
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value == null ? new byte[] {(byte) 0xff}
        : value.getBytes(StandardCharsets.UTF_8);
    digest.update((byte) (bytes.length >>> 24));
    digest.update((byte) (bytes.length >>> 16));
    digest.update((byte) (bytes.length >>> 8));
    digest.update((byte) bytes.length);
    digest.update(bytes);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("EnvelopeConfig[");
    String separator = "";
    for (Map.Entry<EnvelopeSetting, String> entry : values.entrySet()) {
      text.append(separator).append(entry.getKey().key()).append('=')
          .append(entry.getKey().isSecret() ? "****" : entry.getValue());
      separator = ", ";
    }
    return text.append(']').toString();
  }
}
