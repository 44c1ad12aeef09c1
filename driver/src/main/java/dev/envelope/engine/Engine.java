package dev.envelope.engine;

import java.sql.SQLException;

/**
 * The one place that decides what gets encrypted: it analyses SQL (cached per text), resolves
 * columns against the policy and the catalog, and hands the JDBC wrappers an
 * {@link ExecutionPlan}. One engine serves every connection of one Envelope configuration.
 */
public final class Engine implements Planner {

  @Override
  public ExecutionPlan plan(String sql) throws SQLException {
    throw new UnsupportedOperationException("engine is being written");
  }

  @Override
  public void afterExecute(ExecutionPlan plan) {
    // Being written.
  }
}
