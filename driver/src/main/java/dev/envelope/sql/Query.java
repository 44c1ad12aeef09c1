package dev.envelope.sql;

import dev.envelope.ColumnRef;
import java.util.List;

/**
 * What a query yields: its result columns and, for a set operation, the columns of each branch
 * (a plain query is its own single branch).
 */
record Query(List<ResultColumn> columns, List<List<ResultColumn>> branches) {

  static Query single(List<ResultColumn> columns) {
    return new Query(List.copyOf(columns), List.of(List.copyOf(columns)));
  }

  /** The annotated sources of the result columns, {@code null} for plain ones. */
  List<ColumnRef> sources() {
    return columns.stream().map(ResultColumn::source).toList();
  }

  /** The first annotated result column, or {@code null}. */
  ColumnRef firstAnnotated() {
    return columns.stream().map(ResultColumn::source).filter(s -> s != null).findFirst()
        .orElse(null);
  }
}
