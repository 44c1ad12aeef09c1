package dev.envelope.jdbc;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.engine.ExecutionPlan;
import dev.envelope.engine.Planner;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A planner that answers hand-made plans per SQL text and records what it was asked. */
final class ScriptedPlanner implements Planner {

  private final Map<String, ExecutionPlan> plans = new HashMap<>();
  private final Set<String> refused = new HashSet<>();
  final List<String> planned = new ArrayList<>();
  final List<ExecutionPlan> executed = new ArrayList<>();

  ScriptedPlanner plan(String sql, ExecutionPlan plan) {
    plans.put(sql, plan);
    return this;
  }

  ScriptedPlanner refuse(String sql) {
    refused.add(sql);
    return this;
  }

  @Override
  public ExecutionPlan plan(String sql) throws SQLException {
    planned.add(sql);
    if (refused.contains(sql)) {
      throw new EnvelopeException(SqlState.ENCRYPTION_UNSUPPORTED,
          "customers.ssn is encrypted: refused by the test planner");
    }
    return plans.getOrDefault(sql, ExecutionPlan.plain());
  }

  @Override
  public void afterExecute(ExecutionPlan plan) {
    executed.add(plan);
  }
}
