package dev.envelope.sql;

import dev.envelope.ColumnRef;
import net.sf.jsqlparser.expression.Expression;

/**
 * One column of the rows that a query yields.
 *
 * @param name the lower-case output name, or an empty string when the column has none
 * @param source the annotated column whose values it carries, or {@code null}
 * @param expression the select-list expression it came from (for INSERT ... SELECT), or
 *     {@code null} when it was expanded from a star or merged from several branches
 */
record ResultColumn(String name, ColumnRef source, Expression expression) {

  /** The same column under another output name. */
  ResultColumn renamed(String newName) {
    return new ResultColumn(newName, source, expression);
  }
}
