package dev.envelope.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Eight threads write to a column that has no key yet: exactly one key version results. */
class ColdKeyConcurrencyTest extends EndToEndTest {

  private static final int THREADS = 8;
  private static final int ROWS_PER_THREAD = 25;

  @Test
  void eightThreadsOnAColdColumn_makeOneKeyVersionAndEveryRowReads() throws Exception {
    race(false);
  }

  @Test
  void twoEnginesRacingOnAColdColumn_endWithOneKeyVersion() throws Exception {
    // Connections with other settings get an engine of their own: like a second process, it
    // shares nothing in memory, only the key table.
    race(true);
  }

  private void race(boolean twoEngines) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      results.add(pool.submit((Callable<Integer>) () -> {
        java.util.Properties properties = db.envelopeProperties();
        if (twoEngines && thread % 2 == 1) {
          properties.setProperty("envelope.sqlCache.size", "1999");
        }
        try (Connection connection = java.sql.DriverManager.getConnection(db.envelopeUrl(),
            properties)) {
          start.await();
          for (int i = 0; i < ROWS_PER_THREAD; i++) {
            int id = thread * 1000 + i;
            insertCustomer(connection, id, "t" + thread, "ssn-" + id, new byte[] {(byte) i},
                "note-" + id);
          }
          return ROWS_PER_THREAD;
        }
      }));
    }
    start.countDown();
    int written = 0;
    for (Future<Integer> result : results) {
      written += result.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();

    assertThat(written).isEqualTo(THREADS * ROWS_PER_THREAD);
    try (Connection plain = db.plain();
        PreparedStatement keys = plain.prepareStatement("SELECT column_name, COUNT(*)"
            + " FROM envelope_keys GROUP BY column_name ORDER BY column_name");
        ResultSet rows = keys.executeQuery()) {
      List<String> counts = new ArrayList<>();
      while (rows.next()) {
        counts.add(rows.getString(1) + "=" + rows.getInt(2));
      }
      assertThat(counts).containsExactly("card=1", "notes=1", "photo=1", "ssn=1");
    }
    try (Connection connection = db.envelope();
        PreparedStatement select = connection.prepareStatement(
            "SELECT id, ssn, notes FROM customers");
        ResultSet rows = select.executeQuery()) {
      int read = 0;
      while (rows.next()) {
        int id = rows.getInt(1);
        assertThat(rows.getString(2)).isEqualTo("ssn-" + id);
        assertThat(rows.getString(3)).isEqualTo("note-" + id);
        read++;
      }
      assertThat(read).isEqualTo(THREADS * ROWS_PER_THREAD);
    }
  }
}
