package dev.envelope.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.envelope.ColumnRef;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextTest {

  @Test
  void context_isExactlyTableThenColumn() {
    Map<String, String> context = EncryptionContext.of(new ColumnRef("customers", "ssn"));

    assertThat(context).containsExactly(Map.entry("table", "customers"),
        Map.entry("column", "ssn"));
  }

  @Test
  void context_isUnmodifiable() {
    Map<String, String> context = EncryptionContext.of(new ColumnRef("customers", "ssn"));

    assertThatThrownBy(() -> context.put("table", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void canonicalBytes_followTheDocumentedLayout() {
    byte[] bytes = LocalKeyProvider.associatedData(new ColumnRef("customers", "ssn"));

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
        HexFormat.of().formatHex("envelope/encryption-context/v1".getBytes())
            + "0002" + "0006" + "636f6c756d6e" + "0003" + "73736e"
            + "0005" + "7461626c65" + "0009" + "637573746f6d657273");
  }

  @Test
  void canonicalBytes_ignoreInsertionOrder() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("column", "ssn");
    reversed.put("table", "customers");

    assertThat(EncryptionContext.canonicalBytes(reversed)).isEqualTo(
        EncryptionContext.canonicalBytes(EncryptionContext.of(new ColumnRef("customers", "ssn"))));
  }

  @Test
  void canonicalBytes_ofSwappedOrShiftedNames_differ() {
    byte[] base = LocalKeyProvider.associatedData(new ColumnRef("a", "b"));

    assertThat(LocalKeyProvider.associatedData(new ColumnRef("b", "a"))).isNotEqualTo(base);
    assertThat(LocalKeyProvider.associatedData(new ColumnRef("ab", "c")))
        .isNotEqualTo(LocalKeyProvider.associatedData(new ColumnRef("a", "bc")));
  }
}
