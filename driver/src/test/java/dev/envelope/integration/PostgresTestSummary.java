package dev.envelope.integration;

import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints how many PostgreSQL tests passed, failed and were skipped at the end of a run, so that
 * a build log shows at a glance whether the PostgreSQL suite really ran. A PostgreSQL test is one
 * that runs under the {@code POSTGRESQL} invocation of an {@link EndToEndTest} subclass, or one
 * tagged {@value #TAG}. Registered through {@code META-INF/services}.
 */
public final class PostgresTestSummary implements TestExecutionListener {

  /** The tag of test classes that run on PostgreSQL only. */
  static final String TAG = "postgresql";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresTestSummary.class);

  private TestPlan plan;
  private int passed;
  private int failed;
  private int skipped;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    passed = 0;
    failed = 0;
    skipped = 0;
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    if (!onPostgres(identifier)) {
      return;
    }
    if (identifier.isTest()) {
      skipped++;
    } else {
      skipped += (int) plan.getDescendants(identifier).stream()
          .filter(TestIdentifier::isTest).count();
    }
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (!onPostgres(identifier)) {
      return;
    }
    switch (result.getStatus()) {
      case SUCCESSFUL -> passed += identifier.isTest() ? 1 : 0;
      case ABORTED -> skipped += identifier.isTest() ? 1 : 0;
      // A failed container counts once: the tests under it may never have started.
      case FAILED -> failed++;
      default -> throw new IllegalStateException("unknown status " + result.getStatus());
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (passed + failed + skipped == 0) {
      return;
    }
    String summary = "Envelope: " + passed + " PostgreSQL tests passed, " + failed + " failed, "
        + skipped + " skipped";
    if (skipped > 0) {
      LOG.warn("{}: the skipped ones did not run (is PostgreSQL up? {}=true makes this fail)",
          summary, Databases.REQUIRE_POSTGRES);
    } else if (failed > 0) {
      LOG.warn(summary);
    } else {
      LOG.info(summary);
    }
  }

  private boolean onPostgres(TestIdentifier identifier) {
    Optional<TestIdentifier> current = Optional.of(identifier);
    while (current.isPresent()) {
      TestIdentifier node = current.get();
      if (node.getTags().contains(TestTag.create(TAG))
          || TestDatabase.Kind.POSTGRESQL.name().equals(node.getDisplayName())) {
        return true;
      }
      current = plan.getParent(node);
    }
    return false;
  }
}
