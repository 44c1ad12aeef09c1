package dev.envelope.engine;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import dev.envelope.crypto.EncryptionMode;
import dev.envelope.keys.ColumnPolicy;
import dev.envelope.keys.ConnectionSource;
import dev.envelope.keys.KeyRing;
import dev.envelope.keys.KeyTable;
import dev.envelope.keys.MetadataSchema;
import dev.envelope.kms.KeyProvider;
import dev.envelope.metrics.KeyCacheMetrics;
import dev.envelope.metrics.MetricsRegistration;
import dev.envelope.sql.SqlAnalyzer;
import dev.envelope.sql.StatementPlan;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides what gets encrypted: it analyses SQL (cached per text), resolves
 * columns against the policy and the catalog, and hands the JDBC wrappers an
 * {@link ExecutionPlan}. One engine serves every connection of one Envelope configuration.
 */
public final class Engine implements Planner, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /** Statements after which the catalog may be stale: the plans are made anew. */
  private static final Pattern DDL =
      Pattern.compile("^\\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\\b", Pattern.CASE_INSENSITIVE);

  private final ConnectionSource connections;
  private final KeyProvider provider;
  private final KeyRing keys;
  private final SqlAnalyzer analyzer = new SqlAnalyzer();
  private final long refreshNanos;
  private final int sqlCacheSize;
  private volatile State state;
  private MetricsRegistration metrics;

  private Engine(ConnectionSource connections, KeyProvider provider, Options options) {
    this.connections = connections;
    this.provider = provider;
    this.keys = new KeyRing(new KeyTable(connections), provider, options.keyCacheSize(),
        Duration.ofSeconds(options.keyCacheTtlSeconds()), System::nanoTime,
        new KeyCacheMetrics());
    this.refreshNanos = TimeUnit.SECONDS.toNanos(options.refreshSeconds());
    this.sqlCacheSize = options.sqlCacheSize();
  }

  /**
   * Starts an engine: creates the metadata tables when asked to, and reads the policy.
   *
   * @param connections opens separate auto-commit connections to the delegate database
   * @param provider the key provider; the engine closes it
   */
  public static Engine start(ConnectionSource connections, KeyProvider provider,
      Options options) throws SQLException {
    Engine engine = new Engine(connections, provider, options);
    if (options.createSchema()) {
      try (Connection connection = connections.open()) {
        MetadataSchema.create(connection);
      }
    }
    engine.state = engine.load();
    engine.metrics = MetricsRegistration.register(options.name(), engine.keys.metrics());
    return engine;
  }

  @Override
  public ExecutionPlan plan(String sql) throws SQLException {
    if (sql == null) {
      throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT, "the SQL text is null");
    }
    State current = current();
    ExecutionPlan plan = current.plans.get(sql);
    if (plan == null) {
      plan = compile(current, analyzer.analyze(sql, current.catalog), DDL.matcher(sql).find());
      if (current.plans.size() >= sqlCacheSize) {
        evictSome(current.plans);
      }
      current.plans.put(sql, plan);
    }
    return plan;
  }

  @Override
  public void afterExecute(ExecutionPlan plan) {
    if (plan.writesPolicy()) {
      try {
        refreshPolicy();
      } catch (SQLException e) {
        LOG.warn("Envelope could not read envelope_columns again; the next statement retries",
            e);
        expirePolicy();
      }
    }
  }

  /**
   * Reads {@code envelope_columns} and the table shapes again now. Changes made through
   * Envelope are seen at once without this; changes made elsewhere within
   * {@code envelope.policy.refreshSeconds}, or at once after this call.
   */
  @Override
  public void refreshPolicy() throws SQLException {
    synchronized (this) {
      state = load();
    }
  }

  /** Marks the policy as due, so that the next statement reads it again; cannot fail. */
  public void expirePolicy() {
    synchronized (this) {
      state = state.expired();
    }
  }

  /** The policy in force. */
  public ColumnPolicy policy() {
    return state.catalog.policy();
  }

  /** The counters of the data-key cache. */
  public KeyCacheMetrics keyCacheMetrics() {
    return keys.metrics();
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
    provider.close();
  }

  private State current() throws SQLException {
    State current = state;
    if (current.stale
        || refreshNanos > 0 && System.nanoTime() - current.loadedAt > refreshNanos) {
      synchronized (this) {
        if (state == current) {
          try {
            // A timed re-read that finds the same policy keeps the plans and table shapes;
            // a requested one (refreshAll) starts afresh, as DDL may have changed the tables.
            ColumnPolicy policy = readPolicy();
            state = !current.stale && policy.equals(current.catalog.policy())
                ? current.renewed() : fresh(policy);
          } catch (SQLException e) {
            // Keep serving with the policy we have; a stale policy is better than none.
            LOG.warn("Envelope could not read envelope_columns; keeping the policy it has", e);
            state = current.renewed();
          }
        }
        current = state;
      }
    }
    return current;
  }

  private State load() throws SQLException {
    return fresh(readPolicy());
  }

  private ColumnPolicy readPolicy() throws SQLException {
    try (Connection connection = connections.open()) {
      return ColumnPolicy.load(connection);
    } catch (EnvelopeException e) {
      throw e;
    } catch (SQLException e) {
      throw new EnvelopeException(SqlState.KEY_UNAVAILABLE,
          "cannot read envelope_columns; create it from sql/<dialect>/schema.sql or set"
              + " envelope.schema.create=true", e);
    }
  }

  private State fresh(ColumnPolicy policy) {
    State previous = state;
    if (previous == null || !previous.catalog.policy().equals(policy)) {
      LOG.debug("Envelope policy: {} annotated columns", policy.columns().size());
    }
    return new State(new Catalog(policy, connections), System.nanoTime(), false,
        new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  private ExecutionPlan compile(State current, StatementPlan analysed, boolean ddl)
      throws SQLException {
    boolean reload = analysed.writesPolicy() || ddl;
    if (!analysed.touchesEncryption() && analysed.insertTable() == null) {
      return ExecutionPlan.plain(reload);
    }
    ParameterCodec[] parameters = new ParameterCodec[analysed.parameterCount()];
    for (int i = 1; i <= parameters.length; i++) {
      ColumnRef column = analysed.parameter(i);
      parameters[i - 1] = column == null ? null : codec(current, column);
    }
    List<ResultCodec> results = new ArrayList<>(analysed.results().size());
    for (ColumnRef column : analysed.results()) {
      results.add(column == null ? null : codec(current, column));
    }
    Map<String, ResultCodec> generatedKeys = new HashMap<>();
    String table = analysed.insertTable();
    if (table != null) {
      for (ColumnRef column : current.catalog.policy().columns().keySet()) {
        if (column.table().equals(table.toLowerCase(Locale.ROOT))) {
          generatedKeys.put(column.column(), codec(current, column));
        }
      }
    }
    return new ExecutionPlan(parameters, results, generatedKeys, reload);
  }

  private ColumnCodec codec(State current, ColumnRef column) throws SQLException {
    ColumnCodec codec = current.codecs.get(column);
    if (codec == null) {
      EncryptionMode mode = current.catalog.modeOf(column);
      if (mode == null) {
        throw new EnvelopeException(SqlState.UNANALYSABLE_STATEMENT,
            column + " is not annotated in the policy in force");
      }
      Storage storage = Storage.of(column, current.catalog.sqlTypeOf(column));
      codec = new ColumnCodec(column, mode, storage, keys);
      current.codecs.putIfAbsent(column, codec);
    }
    return codec;
  }

  private static void evictSome(Map<String, ExecutionPlan> plans) {
    // Drop about a tenth; an LRU would cost a lock on every prepare.
    int toDrop = Math.max(1, plans.size() / 10);
    Iterator<String> texts = plans.keySet().iterator();
    while (toDrop-- > 0 && texts.hasNext()) {
      texts.next();
      texts.remove();
    }
  }

  /**
   * The engine's tunables, from the {@code envelope.*} settings.
   *
   * @param name a short name for metrics that reveals nothing, such as {@code h2-1}
   */
  public record Options(String name, long refreshSeconds, int sqlCacheSize, int keyCacheSize,
      long keyCacheTtlSeconds, boolean createSchema) {
  }

  /**
   * A policy, its catalog and the plans made under it: kept while a timed reread finds the same
   * policy, replaced whole when it changes or a reread is asked for.
   */
  private static final class State {
    final Catalog catalog;
    final long loadedAt;
    final boolean stale;
    final Map<String, ExecutionPlan> plans;
    final Map<ColumnRef, ColumnCodec> codecs;

    State(Catalog catalog, long loadedAt, boolean stale, Map<String, ExecutionPlan> plans,
        Map<ColumnRef, ColumnCodec> codecs) {
      this.catalog = catalog;
      this.loadedAt = loadedAt;
      this.stale = stale;
      this.plans = plans;
      this.codecs = codecs;
    }

    /** The same policy and plans, considered fresh again: unchanged, or a reread failed. */
    State renewed() {
      return new State(catalog, System.nanoTime(), false, plans, codecs);
    }

    /** The same policy and plans, due to be reread by the next statement. */
    State expired() {
      return new State(catalog, loadedAt, true, plans, codecs);
    }
  }
}
