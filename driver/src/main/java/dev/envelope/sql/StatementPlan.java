package dev.envelope.sql;

import dev.envelope.ColumnRef;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the analysis of one SQL text found: which {@code ?} binds to which annotated column, and
 * which result column comes from which annotated column. Immutable and shared between threads;
 * cached per SQL text.
 */
public final class StatementPlan {

  private static final StatementPlan PLAIN =
      new StatementPlan(new ColumnRef[0], Collections.emptyList(), null, false);

  private final ColumnRef[] parameters;
  private final List<ColumnRef> results;
  private final String insertTable;
  private final boolean writesPolicy;

  /**
   * @param parameters one entry per {@code ?} in text order (index 0 is parameter 1); the
   *     annotated column it binds to, or {@code null} for a plain parameter
   * @param results one entry per result column in order (of the rows a query or a RETURNING
   *     clause yields); the annotated column it comes from, or {@code null} for a plain one
   * @param insertTable the lower-case target table of an INSERT, used to match generated keys,
   *     or {@code null}
   * @param writesPolicy whether the statement changes {@code envelope_columns}, so that the
   *     column policy must be read again after it runs
   */
  public StatementPlan(ColumnRef[] parameters, List<ColumnRef> results, String insertTable,
      boolean writesPolicy) {
    this.parameters = parameters.clone();
    this.results = Collections.unmodifiableList(Arrays.asList(results.toArray(new ColumnRef[0])));
    this.insertTable = insertTable;
    this.writesPolicy = writesPolicy;
  }

  /** The plan of a statement that touches no annotated column. */
  public static StatementPlan plain() {
    return PLAIN;
  }

  /** The plan of a plain statement that changes {@code envelope_columns}. */
  public static StatementPlan plainWritingPolicy() {
    return new StatementPlan(new ColumnRef[0], Collections.emptyList(), null, true);
  }

  /** The annotated column that parameter {@code index} (1-based) binds to, or {@code null}. */
  public ColumnRef parameter(int index) {
    return index >= 1 && index <= parameters.length ? parameters[index - 1] : null;
  }

  /** How many parameters the analysis saw. */
  public int parameterCount() {
    return parameters.length;
  }

  /** Result columns in order; entries are {@code null} for plain columns. */
  public List<ColumnRef> results() {
    return results;
  }

  /** The target table of an INSERT, or {@code null}. */
  public String insertTable() {
    return insertTable;
  }

  /** Whether the statement changes the column policy. */
  public boolean writesPolicy() {
    return writesPolicy;
  }

  /** Whether any parameter or result column is encrypted. */
  public boolean touchesEncryption() {
    return results.stream().anyMatch(Objects::nonNull)
        || Arrays.stream(parameters).anyMatch(Objects::nonNull);
  }

  @Override
  public String toString() {
    return "StatementPlan[parameters=" + Arrays.toString(parameters) + ", results=" + results
        + "]";
  }
}
