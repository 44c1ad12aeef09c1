package dev.envelope.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.envelope.ColumnRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Helpers that state expected plans compactly: "customers.ssn, -" where "-" is plain. */
final class PlanAssertions {

  private PlanAssertions() {
  }

  static List<ColumnRef> refs(String spec) {
    List<ColumnRef> refs = new ArrayList<>();
    if (spec.isBlank()) {
      return refs;
    }
    for (String part : spec.split(",")) {
      String name = part.trim();
      if ("-".equals(name)) {
        refs.add(null);
      } else {
        int dot = name.indexOf('.');
        refs.add(new ColumnRef(name.substring(0, dot), name.substring(dot + 1)));
      }
    }
    return refs;
  }

  static List<ColumnRef> parameters(StatementPlan plan) {
    List<ColumnRef> out = new ArrayList<>();
    for (int i = 1; i <= plan.parameterCount(); i++) {
      out.add(plan.parameter(i));
    }
    return out;
  }

  static StatementPlan assertPlan(String sql, String parameters, String results)
      throws SQLException {
    StatementPlan plan = new SqlAnalyzer().analyze(sql, new TestSchema());
    assertThat(parameters(plan)).as("parameters of %s", sql).isEqualTo(refs(parameters));
    assertThat(plan.results()).as("results of %s", sql).isEqualTo(refs(results));
    return plan;
  }
}
