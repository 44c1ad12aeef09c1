package dev.envelope.sql;

import static dev.envelope.sql.PlanAssertions.assertPlan;
import static dev.envelope.sql.PlanAssertions.parameters;
import static dev.envelope.sql.PlanAssertions.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlAnalyzerTest {

  private final SqlAnalyzer analyzer = new SqlAnalyzer();
  private final TestSchema schema = new TestSchema();

  private StatementPlan analyze(String sql) throws SQLException {
    return analyzer.analyze(sql, schema);
  }

  private EnvelopeException refused(String sql) {
    EnvelopeException e = catchThrowableOfType(EnvelopeException.class, () -> analyze(sql));
    assertThat((Throwable) e).as("refused: %s", sql).isNotNull();
    return e;
  }

  @Test
  void statementWithoutAnnotatedTable_isPlainWithoutParsing() throws SQLException {
    StatementPlan plan = analyze("this is not sql at all ? from plain where x = ?");

    assertThat(plan).isSameAs(StatementPlan.plain());
    assertThat(schema.columnRequests()).isEmpty();
  }

  @Test
  void tableNameThatOnlyContainsAnAnnotatedName_takesTheFastPath() throws SQLException {
    assertThat(analyze("select * from customers_archive where ssn = 'x'"))
        .isSameAs(StatementPlan.plain());
  }

  @Test
  void schemaQualifiedQuotedTable_isRecognised() throws SQLException {
    assertPlan("select * from public.\"CUSTOMERS\" where ssn = ?", "customers.ssn",
        "-, -, customers.ssn, customers.notes, customers.card");
    assertThat(schema.columnRequests()).isEmpty();
  }

  @Test
  void starExpansion_passesTheTableNameAsWritten() throws SQLException {
    analyze("select * from public.customers c where c.ssn = ?");
    analyze("insert into \"public\".\"customers\" values (?, ?, ?, ?, ?)");

    assertThat(schema.columnRequests()).containsExactly("public.customers",
        "\"public\".\"customers\"");
  }

  @Test
  void insert_reportsItsTargetTableInLowerCaseWithoutSchema() throws SQLException {
    assertThat(analyze("insert into public.\"Customers\" (id, ssn) values (?, ?)")
        .insertTable()).isEqualTo("customers");
    assertThat(analyze("select ssn from customers").insertTable()).isNull();
  }

  @Test
  void parameterArray_coversEveryMarkerInTextOrder() throws SQLException {
    StatementPlan plan = analyze("select ?, c.ssn from customers c where c.name = ? and "
        + "c.ssn in (?, ?) and c.card = ? order by c.id limit ? offset ?");

    assertThat(plan.parameterCount()).isEqualTo(7);
    assertThat(parameters(plan)).isEqualTo(refs(
        "-, -, customers.ssn, customers.ssn, customers.card, -, -"));
  }

  @Test
  void inFollowedByAnd_isReadWithTheRightPrecedence() throws SQLException {
    // JSqlParser 5.3 nests the rest of the condition inside the IN list; the repair undoes it.
    assertPlan("select id from customers where ssn in (?) and card = ? or name = ?",
        "customers.ssn, customers.card, -", "-");
    assertPlan("select id from customers where id in (?, ?) and card = ?",
        "-, -, customers.card", "-");
  }

  @Test
  void misparsedInFollowedByALike_isStillRefused() {
    EnvelopeException e = refused("select id from customers where id in (?) and ssn like ?");

    assertThat(e.state()).isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
    assertThat(e.getMessage()).contains("customers.ssn", "LIKE");
  }

  @Test
  void derivedTable_exposesTheProvenanceOfItsColumns() throws SQLException {
    assertPlan("select x.ssn from (select ssn from customers where card = ?) x "
        + "where x.ssn = ?", "customers.card, customers.ssn", "customers.ssn");
  }

  @Test
  void insertSelectWithUnion_checksEveryBranch() throws SQLException {
    assertPlan("insert into customers (id, ssn) select id, ssn from customers where id = ? "
        + "union all select id, ssn from customers where card = ?", "-, customers.card", "");
    assertThat(refused("insert into customers (id, ssn) select id, ssn from customers "
        + "union all select id, card from customers").state())
        .isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
  }

  @Test
  void unionMixingAnEncryptedColumnWithAParameter_isRefused() {
    EnvelopeException e = refused("insert into customers (id, ssn) select id, ssn "
        + "from customers union all select ?, ?");

    assertThat(e.getMessage()).contains("customers.ssn", "set operation");
  }

  @Test
  void plainColumnsOfAnAnnotatedTable_doNotTouchEncryption() throws SQLException {
    StatementPlan plan = analyze("select id, name from customers where id = ?");

    assertThat(plan.touchesEncryption()).isFalse();
    assertThat(plan.parameterCount()).isEqualTo(1);
    assertThat(plan.results()).hasSize(2);
  }

  @Test
  void unqualifiedPlainColumnInSeveralTables_isPlain() throws SQLException {
    assertPlan("select id from customers c join orders o on o.customer_id = c.id "
        + "where amount = ?", "-", "-");
  }

  @Test
  void isNullOnRandomizedColumn_isAllowed() throws SQLException {
    assertPlan("select id from customers where notes is null and ssn is not null", "", "-");
  }

  @Test
  void randomizedColumnInUnionAll_isAllowed() throws SQLException {
    assertPlan("select notes from customers union all select notes from customers",
        "", "customers.notes");
  }

  @Test
  void groupByDeterministicColumn_isAllowed() throws SQLException {
    assertPlan("select card, count(*) from customers group by card", "",
        "customers.card, -");
  }

  @Test
  void multipleStatements_shareOneParameterNumbering() throws SQLException {
    StatementPlan plan = assertPlan("update customers set ssn = ? where id = ?; "
        + "select ssn from customers where card = ?", "customers.ssn, -, customers.card",
        "customers.ssn");

    assertThat(plan.writesPolicy()).isFalse();
  }

  @Test
  void twoQueriesReturningEncryptedColumns_areRefused() {
    EnvelopeException e = refused("select ssn from customers; select card from customers");

    assertThat(e.state()).isEqualTo(SqlState.UNANALYSABLE_STATEMENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "insert into envelope_columns (table_name, column_name, mode) values (?, ?, ?)",
      "insert into envelope_columns values ('customers', 'ssn', 'DETERMINISTIC')",
      "update envelope_columns set mode = 'RANDOMIZED' where table_name = 'customers'",
      "delete from public.envelope_columns where column_name = ?",
      "drop table envelope_columns",
      "alter table envelope_columns add column note varchar(10)",
      "truncate table envelope_columns",
      "merge into envelope_columns e using plain p on e.table_name = p.x "
          + "when matched then delete",
      "insert into envelope_columns valuez garbage ("})
  void statementChangingThePolicyTable_isMarked(String sql) throws SQLException {
    assertThat(analyze(sql).writesPolicy()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select * from envelope_columns",
      "select table_name from envelope_columns where mode = ?",
      "select * from envelope_columns garbage garbage (",
      "insert into plain (id, x) select 1, column_name from envelope_columns"})
  void statementReadingThePolicyTable_isNotMarked(String sql) throws SQLException {
    assertThat(analyze(sql).writesPolicy()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "alter table customers add column extra varchar(10)",
      "drop table customers",
      "create table customers (id int primary key, ssn varchar(200))",
      "create index customers_ssn on customers (ssn)",
      "truncate table customers",
      "comment on column customers.ssn is 'the social security number, encrypted'",
      "grant select on customers to reporting"})
  void ddlOnAnnotatedTable_passesThrough(String sql) throws SQLException {
    StatementPlan plan = analyze(sql);

    assertThat(plan.touchesEncryption()).isFalse();
    assertThat(plan.writesPolicy()).isFalse();
  }

  @Test
  void viewDefinitionWithLiteral_isRefused() {
    EnvelopeException e = refused("create view v as select id from customers "
        + "where ssn = '123-45-6789'");

    assertThat(e.state()).isEqualTo(SqlState.PLAINTEXT_LITERAL);
    assertThat(e.getMessage()).contains("customers.ssn").doesNotContain("123-45-6789");
  }

  @Test
  void explain_mapsTheParametersOfItsStatement() throws SQLException {
    assertPlan("explain select * from customers where ssn = ?", "customers.ssn", "");
  }

  @Test
  void unparsableStatement_isRefusedWithoutQuotingIt() {
    EnvelopeException e = refused("select * from customers wher ssn = '999-88-7777'");

    assertThat(e.state()).isEqualTo(SqlState.UNANALYSABLE_STATEMENT);
    assertThat(e.getMessage()).contains("customers").doesNotContain("999-88-7777");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void pathologicalStatement_isRefusedWhenTheParserTimesOut() {
    SqlAnalyzer quick = new SqlAnalyzer(Duration.ofMillis(300));
    EnvelopeException e = catchThrowableOfType(EnvelopeException.class,
        () -> quick.analyze("select * from customers where ssn = ? and ((( 'abc'", schema));

    assertThat(e.state()).isEqualTo(SqlState.UNANALYSABLE_STATEMENT);
  }

  @Test
  void windowOrderByMissedByTheVisitor_isCaughtByTheSafetyNet() {
    EnvelopeException e = refused("select string_agg(name, ',' order by ssn) from customers");

    assertThat(e.state()).isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
    assertThat(e.getMessage()).contains("customers.ssn");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select c.id from customers c where c.ssn = ? window w as (order by c.ssn)",
      "select ssn from customers where ssn = ? offset "
          + "(select count(*) from customers where ssn > ?) rows"})
  void clauseTheAnalysisDoesNotWalk_isRefusedByTheFinalCheck(String sql) {
    EnvelopeException e = refused(sql);

    assertThat(e.state()).isEqualTo(SqlState.ENCRYPTION_UNSUPPORTED);
    assertThat(e.getMessage()).contains("customers.ssn", "does not cover");
  }

  @Test
  void dataModifyingCte_isAnalysedLikeTheStatementItHolds() throws SQLException {
    assertPlan("with x as (update customers set ssn = ? returning ssn) select * from x",
        "customers.ssn", "customers.ssn");
    assertThat(refused("with x as (update customers set ssn = '1' returning id) "
        + "select * from x").state()).isEqualTo(SqlState.PLAINTEXT_LITERAL);
  }

  @Test
  void correlatedReferenceToAnOuterEncryptedColumn_isResolved() {
    EnvelopeException e = refused("select * from customers "
        + "where exists (select 1 from plain where x = ssn)");

    assertThat(e.getMessage()).contains("customers.ssn", "plain column");
  }

  @Test
  void lateralSubquery_seesTheTablesBeforeIt() throws SQLException {
    assertPlan("select l.s from customers c, lateral (select c.ssn as s) l", "",
        "customers.ssn");
  }

  @Test
  void randomizedEquality_namesTheReason() {
    EnvelopeException e = refused("select * from customers where notes = ?");

    assertThat(e.getMessage()).contains("customers.notes", "equality on a randomized column");
  }

  @Test
  void plaintextLiteral_asksForAParameter() {
    EnvelopeException e = refused("update customers set ssn = 'abc' where id = ?");

    assertThat(e.state()).isEqualTo(SqlState.PLAINTEXT_LITERAL);
    assertThat(e.getMessage()).contains("customers.ssn", "parameter").doesNotContain("abc");
  }

  @Test
  void orderByEncryptedColumn_isRejected() {
    EnvelopeException e = refused("select c1_0.id from customers c1_0 order by c1_0.ssn");

    assertThat(e.getMessage())
        .isEqualTo("customers.ssn: ORDER BY cannot be used on an encrypted column");
  }

  @Test
  void ambiguousUnqualifiedEncryptedColumn_isRejected() {
    EnvelopeException e = refused("select id from customers a join customers b "
        + "on a.id = b.id where ssn = ?");

    assertThat(e.getMessage()).contains("customers.ssn", "ambiguous");
  }

  @Test
  void unknownTableInScope_isNotMistakenForTheOwnerOfAColumn() throws SQLException {
    assertPlan("select ssn from customers c join audit_log a on a.id = c.id", "",
        "customers.ssn");
  }

  @Test
  void concurrentAnalyses_giveTheSameAnswers() throws Exception {
    List<String> statements = List.of(
        "select c1_0.id,c1_0.ssn from customers c1_0 where c1_0.ssn=?",
        "insert into customers (name,notes,ssn,id) values (?,?,?,?)",
        "select o.memo, c.card from orders o join customers c on c.id = o.customer_id "
            + "where c.card in (?, ?)");
    List<String> expected = new ArrayList<>();
    for (String sql : statements) {
      expected.add(analyzer.analyze(sql, new TestSchema()).toString());
    }

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        String sql = statements.get(i % statements.size());
        answers.add(pool.submit(() -> analyzer.analyze(sql, new TestSchema()).toString()));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get()).isEqualTo(expected.get(i % statements.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
