package dev.envelope.kms;

import dev.envelope.ColumnRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encryption context of a column's data key: exactly {@code {"table": t, "column": c}}, the
 * names as stored in {@code envelope_columns}. Every key provider wraps and unwraps under it, so
 * an operator can recover a key with {@code --encryption-context table=t,column=c}.
 */
public final class EncryptionContext {

  /** The context key that holds the table name. */
  public static final String TABLE = "table";

  /** The context key that holds the column name. */
  public static final String COLUMN = "column";

  private static final byte[] LABEL =
      "envelope/encryption-context/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_FIELD_BYTES = 0xFFFF;

  private EncryptionContext() {
  }

  /** The context of a column's data key, in the order table, column; unmodifiable. */
  public static Map<String, String> of(ColumnRef column) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put(TABLE, column.table());
    context.put(COLUMN, column.column());
    return Collections.unmodifiableMap(context);
  }

  /**
   * The canonical bytes of a context, used as associated data by the local provider:
   * {@code "envelope/encryption-context/v1" || u16 count || for each pair sorted by key
   * (UTF-16 order): u16 len || key || u16 len || value}, strings in UTF-8. Any two different
   * contexts give different bytes.
   *
   * @throws IllegalArgumentException for more than 65535 pairs or a string over 65535 bytes
   */
  static byte[] canonicalBytes(Map<String, String> context) {
    List<String> keys = new ArrayList<>(context.keySet());
    Collections.sort(keys);
    if (keys.size() > MAX_FIELD_BYTES) {
      throw new IllegalArgumentException("encryption context too large");
    }
    List<byte[]> fields = new ArrayList<>();
    int length = LABEL.length + 2;
    for (String key : keys) {
      for (String text : List.of(key, context.get(key))) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_FIELD_BYTES) {
          throw new IllegalArgumentException("encryption context entry too long");
        }
        fields.add(bytes);
        length += 2 + bytes.length;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(length).put(LABEL).putShort((short) keys.size());
    for (byte[] field : fields) {
      out.putShort((short) field.length).put(field);
    }
    return out.array();
  }
}
