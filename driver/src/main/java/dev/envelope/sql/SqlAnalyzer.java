package dev.envelope.sql;

import dev.envelope.ColumnRef;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Commit;
import net.sf.jsqlparser.statement.CreateFunctionalStatement;
import net.sf.jsqlparser.statement.DeclareStatement;
import net.sf.jsqlparser.statement.DescribeStatement;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.PurgeStatement;
import net.sf.jsqlparser.statement.ResetStatement;
import net.sf.jsqlparser.statement.RollbackStatement;
import net.sf.jsqlparser.statement.SavepointStatement;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.ShowColumnsStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import net.sf.jsqlparser.statement.UseStatement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterSession;
import net.sf.jsqlparser.statement.alter.AlterSystemStatement;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.alter.sequence.AlterSequence;
import net.sf.jsqlparser.statement.analyze.Analyze;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.sequence.CreateSequence;
import net.sf.jsqlparser.statement.create.synonym.CreateSynonym;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.grant.Grant;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.show.ShowIndexStatement;
import net.sf.jsqlparser.statement.show.ShowTablesStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Finds out which parameters and result columns of an SQL text belong to annotated columns, and
 * refuses, before anything is sent, every statement that would send plaintext of an annotated
 * column or use one in a way the encryption cannot honour.
 *
 * <p>Stateless and thread-safe; each call works on its own {@link Analysis}.
 */
public final class SqlAnalyzer {

  /** How long one parse may take; JSqlParser's second, complex pass can take seconds. */
  public static final Duration DEFAULT_PARSE_TIMEOUT = Duration.ofSeconds(2);

  /** Statements that carry no values of any column: they pass even on annotated tables. */
  private static final List<Class<? extends Statement>> PASS_THROUGH = List.of(Alter.class,
      AlterSequence.class, AlterSession.class, AlterSystemStatement.class, Analyze.class,
      Comment.class, Commit.class, CreateFunctionalStatement.class, CreateIndex.class,
      CreateSchema.class, CreateSequence.class, CreateSynonym.class, CreateTable.class,
      DeclareStatement.class, DescribeStatement.class, Drop.class, Grant.class,
      PurgeStatement.class, RefreshMaterializedViewStatement.class,
      RenameTableStatement.class, ResetStatement.class, RollbackStatement.class,
      SavepointStatement.class, SetStatement.class, ShowColumnsStatement.class,
      ShowIndexStatement.class, ShowStatement.class, ShowTablesStatement.class,
      Truncate.class, UseStatement.class);

  private final long parseTimeoutMillis;

  /** An analyzer with {@link #DEFAULT_PARSE_TIMEOUT}. */
  public SqlAnalyzer() {
    this(DEFAULT_PARSE_TIMEOUT);
  }

  /**
   * An analyzer whose parser gives up after {@code parseTimeout}; a statement that mentions an
   * annotated table and is not parsed in time is refused.
   */
  public SqlAnalyzer(Duration parseTimeout) {
    this.parseTimeoutMillis = Math.max(1, parseTimeout.toMillis());
  }

  /**
   * Analyses one SQL text (possibly several statements separated by semicolons).
   *
   * @throws dev.envelope.EnvelopeException when the statement must not run: it would send a
   *     plaintext value of an annotated column, uses one in an unsupported way, or mentions an
   *     annotated table and cannot be analysed
   * @throws SQLException when the schema view fails
   */
  public StatementPlan analyze(String sql, SchemaView schema) throws SQLException {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(schema, "schema");

    Set<String> names = SqlText.identifiers(sql);
    Set<String> annotated = schema.annotatedTables();
    String mentioned = names.stream().filter(annotated::contains).findFirst().orElse(null);
    boolean mentionsPolicy = names.contains(Analysis.POLICY_TABLE);
    if (mentioned == null && !mentionsPolicy) {
      return StatementPlan.plain();
    }

    Statements statements = parse(sql, parseTimeoutMillis);
    if (statements == null) {
      if (mentioned != null) {
        throw Rejections.unanalysable(mentioned, "it is refused so that no plaintext reaches "
            + "the server; simplify it or use parameters");
      }
      return SqlText.looksLikeWrite(sql) ? StatementPlan.plainWritingPolicy()
          : StatementPlan.plain();
    }

    Analysis analysis = new Analysis(schema, mentioned != null ? mentioned
        : Analysis.POLICY_TABLE, SqlText.countParameters(sql));
    try {
      return analyze(statements, names, annotated, mentioned, analysis);
    } catch (RuntimeException e) {
      // A parse tree of a shape this analysis did not expect: refuse rather than guess.
      throw Rejections.unanalysable(analysis.mentionedTable(),
          "its structure was not understood", e);
    }
  }

  private static StatementPlan analyze(Statements statements, Set<String> names,
      Set<String> annotated, String mentioned, Analysis analysis) throws SQLException {
    checkParameterCount(statements, analysis);
    List<List<ResultColumn>> resultSets = new ArrayList<>();
    String insertTable = null;
    Set<String> mentionedTables = new LinkedHashSet<>(names);
    mentionedTables.retainAll(annotated);
    for (Statement statement : statements) {
      QueryAnalyzer queries = new QueryAnalyzer(analysis);
      List<ResultColumn> results = statement(statement, queries, mentioned != null);
      if (results != null) {
        resultSets.add(results);
      }
      if (isAnalysed(statement)) {
        analysis.requireAllSeen(statement, mentionedTables);
      }
      if (statement instanceof Insert insert && insertTable == null) {
        insertTable = Analysis.tableName(insert.getTable());
      }
    }
    return new StatementPlan(analysis.parameters(), results(resultSets, analysis), insertTable,
        analysis.writesPolicy());
  }

  /** The parsed statements, or {@code null} when the text does not parse. */
  private static Statements parse(String sql, long timeoutMillis) {
    try {
      Statements statements = CCJSqlParserUtil.parseStatements(sql,
          parser -> parser.withTimeOut(timeoutMillis));
      if (statements == null || statements.isEmpty()
          || statements.stream().anyMatch(s -> s instanceof UnsupportedStatement)) {
        return null;
      }
      return statements;
    } catch (JSQLParserException | TokenMgrException e) {
      // The cause is dropped on purpose: parser messages quote the SQL text and its literals.
      return null;
    }
  }

  /** The parser must see exactly the placeholders that the JDBC driver will. */
  private static void checkParameterCount(Statements statements, Analysis analysis)
      throws SQLException {
    int seen = 0;
    for (Statement statement : statements) {
      seen += SqlText.countParameters(statement.toString());
    }
    if (seen != analysis.parameters().length) {
      throw analysis.unanalysable("the parameter markers could not be matched");
    }
  }

  /** The result columns of one statement, or {@code null} when it yields no rows. */
  private static List<ResultColumn> statement(Statement statement, QueryAnalyzer queries,
      boolean mentionsAnnotated) throws SQLException {
    Analysis analysis = queries.analysis();
    if (statement instanceof Select select) {
      return queries.analyze(select, null).columns();
    } else if (statement instanceof Insert insert) {
      return returning(queries.writes().insert(insert, null), insert.getReturningClause());
    } else if (statement instanceof Update update) {
      return returning(queries.writes().update(update, null), update.getReturningClause());
    } else if (statement instanceof Delete delete) {
      return returning(queries.writes().delete(delete, null), delete.getReturningClause());
    } else if (statement instanceof Merge merge) {
      return refuseMerge(merge.getTable(), analysis, mentionsAnnotated, "MERGE");
    } else if (statement instanceof Upsert upsert) {
      return refuseMerge(upsert.getTable(), analysis, mentionsAnnotated, "UPSERT");
    } else if (statement instanceof ExplainStatement explain) {
      queries.analyze(explain.getStatement(), null);
      return null;
    } else if (statement instanceof CreateTable create && create.getSelect() != null) {
      copyForbidden(queries.analyze(create.getSelect(), null), "CREATE TABLE AS SELECT");
      return null;
    } else if (statement instanceof CreateView view) {
      queries.analyze(view.getSelect(), null);
      return null;
    } else if (statement instanceof AlterView view) {
      queries.analyze(view.getSelect(), null);
      return null;
    }

    noteSchemaChange(statement, analysis);
    boolean known = PASS_THROUGH.stream().anyMatch(c -> c.isInstance(statement));
    if (!known && mentionsAnnotated) {
      throw analysis.unanalysable("statements of this kind are not supported");
    }
    return null;
  }

  /** Statements whose every clause the analysis walks; the others carry no values. */
  private static boolean isAnalysed(Statement statement) {
    return statement instanceof Select || statement instanceof Insert
        || statement instanceof Update || statement instanceof Delete
        || statement instanceof ExplainStatement || statement instanceof CreateView
        || statement instanceof AlterView
        || statement instanceof CreateTable create && create.getSelect() != null;
  }

  private static List<ResultColumn> returning(List<ResultColumn> columns, Object clause) {
    return clause == null ? null : columns;
  }

  private static List<ResultColumn> refuseMerge(Table target, Analysis analysis,
      boolean mentionsAnnotated, String kind) throws SQLException {
    analysis.noteTarget(target);
    if (mentionsAnnotated) {
      throw Rejections.unsupportedStatement(analysis.mentionedTable(), kind + " is not "
          + "supported on encrypted tables; use INSERT ... ON CONFLICT or separate INSERT and "
          + "UPDATE statements");
    }
    return null;
  }

  private static void copyForbidden(Query query, String kind) throws SQLException {
    ColumnRef copied = query.firstAnnotated();
    if (copied != null) {
      throw Rejections.unsupported(copied, kind + " would copy an encrypted column into a "
          + "table that is not annotated");
    }
  }

  private static void noteSchemaChange(Statement statement, Analysis analysis) {
    if (statement instanceof Drop drop) {
      analysis.noteTarget(drop.getName());
    } else if (statement instanceof Alter alter) {
      analysis.noteTarget(alter.getTable());
    } else if (statement instanceof Truncate truncate) {
      analysis.noteTarget(truncate.getTable());
      if (truncate.getTables() != null) {
        truncate.getTables().forEach(analysis::noteTarget);
      }
    }
  }

  /**
   * The result columns of the text: those of its only row-yielding statement. Several of them
   * cannot be told apart by the plan, which is refused when any carries an annotated column.
   */
  private static List<ColumnRef> results(List<List<ResultColumn>> resultSets,
      Analysis analysis) throws SQLException {
    if (resultSets.isEmpty()) {
      return List.of();
    }
    boolean annotated = resultSets.stream().flatMap(List::stream)
        .anyMatch(c -> c.source() != null);
    if (resultSets.size() > 1 && annotated) {
      throw analysis.unanalysable("several statements return rows with encrypted columns");
    }
    return Arrays.asList(resultSets.get(0).stream().map(ResultColumn::source)
        .toArray(ColumnRef[]::new));
  }
}
