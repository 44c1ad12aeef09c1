package dev.envelope.sql;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Looks at the raw text of a statement without parsing it: the identifiers it names (for the
 * fast path) and the number of {@code ?} placeholders outside literals and comments.
 */
final class SqlText {

  private static final Set<String> WRITE_KEYWORDS = Set.of("insert", "update", "delete", "merge",
      "upsert", "replace", "drop", "alter", "truncate", "create");

  private SqlText() {
  }

  /**
   * Every identifier-like token, lower case with quotes stripped, in order of appearance. Names
   * inside string literals count too: a false mention only costs a parse.
   */
  static Set<String> identifiers(String sql) {
    Set<String> names = new LinkedHashSet<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = sql.indexOf(close, i + 1);
        if (end < 0) {
          end = n;
        }
        names.add(sql.substring(i + 1, end).toLowerCase(Locale.ROOT));
        i = end + 1;
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && isIdentifierPart(sql.charAt(i))) {
          i++;
        }
        names.add(sql.substring(start, i).toLowerCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    return names;
  }

  /** Whether the first word of the text is one that changes data or schema. */
  static boolean looksLikeWrite(String sql) {
    int i = 0;
    while (i < sql.length() && !Character.isLetter(sql.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
    return WRITE_KEYWORDS.contains(word) || "with".equals(word);
  }

  /**
   * The number of {@code ?} placeholders, skipping string literals, quoted identifiers,
   * comments and dollar quotes; {@code ??} is the JDBC escape for a literal question mark.
   */
  static int countParameters(String sql) {
    int count = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '$' && (i == 0 || !isIdentifierPart(sql.charAt(i - 1)))) {
        i = skipDollarQuoted(sql, i);
      } else if (c == '?') {
        if (i + 1 < n && sql.charAt(i + 1) == '?') {
          i += 2;
        } else {
          count++;
          i++;
        }
      } else {
        i++;
      }
    }
    return count;
  }

  private static int skipQuoted(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        // A doubled quote is an escaped quote inside the literal.
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static int skipDollarQuoted(String sql, int start) {
    int i = start + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i))
        || sql.charAt(i) == '_')) {
      i++;
    }
    if (i >= sql.length() || sql.charAt(i) != '$' || (i > start + 1
        && Character.isDigit(sql.charAt(start + 1)))) {
      return start + 1;
    }
    String tag = sql.substring(start, i + 1);
    int end = sql.indexOf(tag, i + 1);
    return end < 0 ? sql.length() : end + tag.length();
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }
}
