package dev.envelope.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * The {@code unwrap} and {@code isWrapperFor} rules that every Envelope wrapper follows: the
 * wrapper itself first, then the object it wraps, then whatever that object can unwrap to. So a
 * caller can reach vendor interfaces of the real driver, and a plain interface such as
 * {@code Connection} answers with the wrapper, never with the raw object behind it.
 */
final class Wrappers {

  private Wrappers() {
  }

  static <T> T unwrap(Wrapper self, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(self)) {
      return iface.cast(self);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  static boolean isWrapperFor(Wrapper self, Wrapper delegate, Class<?> iface)
      throws SQLException {
    return iface.isInstance(self) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }
}
