package dev.envelope.engine;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A statement plan bound to the codecs that carry it out: made once per SQL text and cached, so
 * that binding a parameter or reading a column costs an array look-up, not an analysis.
 */
public final class ExecutionPlan {

  private static final ExecutionPlan PLAIN =
      new ExecutionPlan(new ParameterCodec[0], List.of(), Map.of(), false);

  private final ParameterCodec[] parameters;
  private final ResultCodec[] results;
  private final boolean anyResult;
  private final Map<String, ResultCodec> generatedKeys;
  private final boolean writesPolicy;

  /**
   * @param parameters one codec per parameter in order, {@code null} for a plain one
   * @param results one codec per result column in order, {@code null} for a plain one
   * @param generatedKeys codecs of the INSERT table's encrypted columns by lower-case name
   * @param writesPolicy whether the statement changes {@code envelope_columns}
   */
  public ExecutionPlan(ParameterCodec[] parameters, List<ResultCodec> results,
      Map<String, ResultCodec> generatedKeys, boolean writesPolicy) {
    this.parameters = parameters.clone();
    this.results = results.toArray(new ResultCodec[0]);
    this.anyResult = results.stream().anyMatch(codec -> codec != null);
    this.generatedKeys = Map.copyOf(generatedKeys);
    this.writesPolicy = writesPolicy;
  }

  /** The plan of a statement that touches no annotated column. */
  public static ExecutionPlan plain() {
    return PLAIN;
  }

  static ExecutionPlan plain(boolean writesPolicy) {
    return writesPolicy ? new ExecutionPlan(new ParameterCodec[0], List.of(), Map.of(), true)
        : PLAIN;
  }

  /** The codec for parameter {@code index} (1-based), or {@code null} for a plain parameter. */
  public ParameterCodec parameter(int index) {
    return index >= 1 && index <= parameters.length ? parameters[index - 1] : null;
  }

  /** Whether any parameter or result column is encrypted. */
  public boolean touchesEncryption() {
    return anyResult || parameters.length > 0 && hasParameterCodec();
  }

  /** Whether running the statement changes {@code envelope_columns}. */
  public boolean writesPolicy() {
    return writesPolicy;
  }

  /**
   * The codecs for the columns of a result set this statement produced, indexed from 1, or
   * {@code null} when no column is encrypted. Called once per result set, not per row.
   *
   * @throws EnvelopeException when the result has another shape than the analysis expected, so
   *     that ciphertext is never handed out as if it were a value
   */
  public ResultCodec[] resultCodecs(ResultSet delegate) throws SQLException {
    if (!anyResult) {
      return null;
    }
    int count = delegate.getMetaData().getColumnCount();
    if (count != results.length) {
      throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT,
          "the result has " + count + " columns where the analysis expected " + results.length
              + "; encrypted columns cannot be matched");
    }
    ResultCodec[] byIndex = new ResultCodec[count + 1];
    System.arraycopy(results, 0, byIndex, 1, count);
    return byIndex;
  }

  /**
   * The codecs for a generated-keys result set, matched by column label against the encrypted
   * columns of the INSERT's table, or {@code null} when none is encrypted.
   */
  public ResultCodec[] generatedKeyCodecs(ResultSet keys) throws SQLException {
    if (generatedKeys.isEmpty()) {
      return null;
    }
    ResultSetMetaData meta = keys.getMetaData();
    int count = meta.getColumnCount();
    ResultCodec[] byIndex = new ResultCodec[count + 1];
    boolean any = false;
    for (int i = 1; i <= count; i++) {
      byIndex[i] = generatedKeys.get(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
      any |= byIndex[i] != null;
    }
    return any ? byIndex : null;
  }

  private boolean hasParameterCodec() {
    for (ParameterCodec codec : parameters) {
      if (codec != null) {
        return true;
      }
    }
    return false;
  }
}
