package dev.envelope.engine;

import java.sql.SQLException;

/** What the JDBC wrappers ask of the engine: a plan per SQL text, and a word after it ran. */
public interface Planner {

  /**
   * The plan for an SQL text, from the cache or analysed now.
   *
   * @throws dev.envelope.EnvelopeException when the statement would use an annotated column in
   *     a way the encryption cannot honour; nothing has been sent to the server then
   */
  ExecutionPlan plan(String sql) throws SQLException;

  /** Called after a statement ran, so that changes to the column policy are seen at once. */
  void afterExecute(ExecutionPlan plan);

  /** Reads the column policy again now; a planner without one has nothing to do. */
  default void refreshPolicy() throws SQLException {
    // Nothing to refresh.
  }
}
