package dev.envelope.kms;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;

/**
 * A failure of the key provider itself. {@link #refused()} tells an answer that denies the key
 * (disabled, deleted, access denied, wrong key or context) from no answer at all (network,
 * timeout, throttling, a service error): the key cache keeps serving a cached key through the
 * second kind, and drops it on the first, so that revoking a key takes effect within the cache
 * lifetime.
 */
public final class KeyProviderException extends EnvelopeException {

  private static final long serialVersionUID = 1L;

  private final boolean refused;

  public KeyProviderException(SqlState state, String message, boolean refused,
      Throwable cause) {
    super(state, message, cause);
    this.refused = refused;
  }

  /** Whether the provider answered and denied the key, rather than failing to answer. */
  public boolean refused() {
    return refused;
  }
}
