package dev.envelope.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.envelope.EnvelopeException;
import dev.envelope.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statements that must be refused before anything is sent: the SQLState, the column (or table)
 * named in the message, and no literal value of the SQL text in the message.
 */
class FailClosedCorpusTest {

  private static final SqlState E = SqlState.ENCRYPTION_UNSUPPORTED;
  private static final SqlState L = SqlState.PLAINTEXT_LITERAL;
  private static final SqlState U = SqlState.UNANALYSABLE_STATEMENT;

  private static final Pattern STRING = Pattern.compile("'([^']+)'");
  private static final Pattern NUMBER = Pattern.compile("\\b\\d{3,}\\b");

  static Stream<Arguments> statements() {
    return Stream.of(
        // ORDER BY, in every form
        no("select * from customers order by ssn", E, "customers.ssn"),
        no("select c1_0.id from customers c1_0 order by c1_0.card desc", E, "customers.card"),
        no("select ssn from customers order by 1", E, "customers.ssn"),
        no("select ssn as s from customers order by s", E, "customers.ssn"),
        no("select * from customers order by upper(name || ssn)", E, "customers.ssn"),
        no("select ssn from customers union all select ssn from customers order by 1", E,
            "customers.ssn"),
        no("with t as (select notes from customers) select notes from t order by notes", E,
            "customers.notes"),
        no("update customers set name = ? order by ssn limit 1", E, "customers.ssn"),
        // pattern matching and ordering comparisons
        no("select * from customers where ssn like ?", E, "customers.ssn"),
        no("select * from customers where ssn like '1234%'", E, "customers.ssn"),
        no("select * from customers where ssn ilike ?", E, "customers.ssn"),
        no("select * from customers where ssn not like ?", E, "customers.ssn"),
        no("select * from customers where ssn similar to ?", E, "customers.ssn"),
        no("select * from customers where ssn ~ ?", E, "customers.ssn"),
        no("select * from customers where not (ssn like ?)", E, "customers.ssn"),
        no("select * from customers where ssn < ?", E, "customers.ssn"),
        no("select * from customers where ssn > ?", E, "customers.ssn"),
        no("select * from customers where card <= ?", E, "customers.card"),
        no("select * from customers where card >= ?", E, "customers.card"),
        no("select * from customers where ssn between ? and ?", E, "customers.ssn"),
        no("select * from customers where ssn is distinct from ?", E, "customers.ssn"),
        no("select * from (select ssn from customers) x where x.ssn like ?", E,
            "customers.ssn"),
        // arithmetic, concatenation, functions, casts, CASE
        no("select ssn + 1 from customers", E, "customers.ssn"),
        no("select * from customers where card * 2 = ?", E, "customers.card"),
        no("select name || ssn from customers", E, "customers.ssn"),
        no("select upper(ssn) from customers", E, "customers.ssn"),
        no("select * from customers where lower(ssn) = ?", E, "customers.ssn"),
        no("select length(notes) from customers", E, "customers.notes"),
        no("select max(card) from customers", E, "customers.card"),
        no("select cast(ssn as varchar(20)) from customers", E, "customers.ssn"),
        no("select ssn::text from customers", E, "customers.ssn"),
        no("select case when ssn = ? then 1 else 0 end from customers", E, "customers.ssn"),
        no("select * from customers where coalesce(ssn, ?) = ?", E, "customers.ssn"),
        no("select * from customers where substring(ssn, 1, 3) = '123'", E, "customers.ssn"),
        no("select row_number() over (order by ssn) from customers", E, "customers.ssn"),
        no("select count(ssn) over (partition by ssn) from customers", E, "customers.ssn"),
        no("select count(distinct notes) from customers", E, "customers.notes"),
        // equality on randomized columns
        no("select * from customers where notes = ?", E, "customers.notes"),
        no("select * from customers where notes <> ?", E, "customers.notes"),
        no("select * from customers where notes in (?, ?)", E, "customers.notes"),
        no("select * from orders where memo = ?", E, "orders.memo"),
        no("select * from customers c join orders o on o.memo = c.notes", E, "orders.memo"),
        // comparisons with other columns, expressions, subqueries
        no("select * from customers c join orders o on c.ssn = o.id", E, "customers.ssn"),
        no("select * from customers a join customers b on a.ssn = b.card", E,
            "customers.ssn"),
        no("select * from customers where ssn = card", E, "customers.ssn"),
        no("select * from customers where ssn = name", E, "customers.ssn"),
        no("select * from customers where ssn = upper(?)", E, "customers.ssn"),
        no("select * from customers where ssn = any(?)", E, "customers.ssn"),
        no("select * from customers where ssn in (?, card)", E, "customers.ssn"),
        no("select * from customers where ssn = (select card from customers limit 1)", E,
            "customers.ssn"),
        no("select id from customers where ssn in (select card from customers)", E,
            "customers.ssn"),
        no("select id from customers where ssn in (select name from customers)", E,
            "customers.ssn"),
        no("select id from customers where id in (select ssn from customers)", E,
            "customers.ssn"),
        no("select x from plain where x = (select ssn from customers where id = ?)", E,
            "customers.ssn"),
        no("select ssn from customers a, customers b", E, "customers.ssn"),
        no("select * from customers c join orders o using (id) join customers d "
            + "using (ssn)", E, "customers.ssn"),
        // grouping, distinct, having, set operations
        no("select notes from customers group by notes", E, "customers.notes"),
        no("select sum(amount) from orders group by memo", E, "orders.memo"),
        no("select distinct notes from customers", E, "customers.notes"),
        no("select distinct on (notes) id from customers", E, "customers.notes"),
        no("select card, count(*) from customers group by card having card = ?", E,
            "customers.card"),
        no("select count(*) from customers having max(ssn) = ?", E, "customers.ssn"),
        no("select notes from customers union select notes from customers", E,
            "customers.notes"),
        no("select notes from customers intersect all select notes from customers", E,
            "customers.notes"),
        no("select ssn from customers union all select name from customers", E,
            "customers.ssn"),
        no("select ssn from customers union all select card from customers", E,
            "customers.ssn"),
        // plaintext literals
        no("select * from customers where ssn = '123-45-6789'", L, "customers.ssn"),
        no("select * from customers where '123-45-6789' = ssn", L, "customers.ssn"),
        no("select * from customers where card in (?, '4111111111111111')", L,
            "customers.card"),
        no("select * from customers where ssn = 123456789", L, "customers.ssn"),
        no("select * from customers where ssn = -123456789", L, "customers.ssn"),
        no("select * from customers where ssn = date '2020-01-01'", L, "customers.ssn"),
        no("select * from customers where ssn = '123-45-6789'::text", L, "customers.ssn"),
        no("insert into customers (id, ssn) values (?, '123-45-6789')", L, "customers.ssn"),
        no("insert into customers (id, notes) values (1, 'secret note')", L,
            "customers.notes"),
        no("insert into customers values (7, 'Ann', '123-45-6789', null, null)", L,
            "customers.ssn"),
        no("insert into customers (id, ssn) values (?, ?), (?, '987-65-4321')", L,
            "customers.ssn"),
        no("insert into customers (id, ssn) select id, '123-45-6789' from plain", L,
            "customers.ssn"),
        no("update customers set ssn = '123-45-6789' where id = ?", L, "customers.ssn"),
        no("update customers set notes = 'confidential' where id = 5", L,
            "customers.notes"),
        no("update customers set card = 4111111111111111 where id = ?", L,
            "customers.card"),
        no("insert into customers (id, ssn) values (?, ?) on conflict (id) do update "
            + "set ssn = '555-55-5555'", L, "customers.ssn"),
        // writes that mix or copy columns
        no("insert into customers (id, ssn) select id, card from customers", E,
            "customers.ssn"),
        no("insert into customers (id, ssn) select id, name from customers", E,
            "customers.ssn"),
        no("insert into plain (id, x) select id, ssn from customers", E, "customers.ssn"),
        no("insert into plain select id, ssn from customers", E, "customers.ssn"),
        no("insert into customers (id, ssn) values (?, ? || ?)", E, "customers.ssn"),
        no("insert into customers (id, ssn) values (?, upper(?))", E, "customers.ssn"),
        no("update customers set ssn = card where id = ?", E, "customers.ssn"),
        no("update customers set ssn = upper(?) where id = ?", E, "customers.ssn"),
        no("update customers set name = ssn", E, "customers.ssn"),
        no("update plain set x = (select ssn from customers where id = ?)", E,
            "customers.ssn"),
        no("insert into customers (id, ssn) values (?, ?) on conflict (id) do update "
            + "set ssn = excluded.card", E, "customers.ssn"),
        no("insert into customers (id, ssn) values (?, ?) on conflict (id) do update "
            + "set ssn = customers.ssn || ?", E, "customers.ssn"),
        no("merge into customers c using plain p on c.id = p.id "
            + "when matched then update set name = p.x", E, "customers"),
        no("create table backup as select ssn from customers", E, "customers.ssn"),
        no("select ssn into backup from customers", E, "customers.ssn"),
        // whole-row references, which would carry ciphertext no codec can decrypt
        no("select c from customers c", E, "customers"),
        no("select customers from customers", E, "customers"),
        no("select row_to_json(c) from customers c where c.id = ?", E, "customers"),
        no("select o.id, to_jsonb(c) from orders o join customers c on c.id = o.customer_id",
            E, "customers"),
        no("select t from (select ssn from customers) t", E, "customers"),
        // statements that cannot be analysed
        no("select * from customers where ssn = ? and name = 'abc", U, "customers"),
        no("selec ssn frm customers where ssn = '999-99-9999'", U, "customers"));
  }

  private static Arguments no(String sql, SqlState state, String named) {
    return Arguments.of(sql, state, named);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("statements")
  void unsafeStatement_isRefused(String sql, SqlState state, String named) {
    EnvelopeException e = catchThrowableOfType(EnvelopeException.class,
        () -> new SqlAnalyzer().analyze(sql, new TestSchema()));

    assertThat((Throwable) e).as("refused: %s", sql).isNotNull();
    assertThat(e.state()).isEqualTo(state);
    assertThat(e.getSQLState()).isEqualTo(state.code());
    assertThat(e.getMessage()).contains(named);
    for (String literal : literals(sql)) {
      assertThat(e.getMessage()).doesNotContain(literal);
    }
  }

  private static List<String> literals(String sql) {
    List<String> found = new ArrayList<>();
    Matcher strings = STRING.matcher(sql);
    while (strings.find()) {
      found.add(strings.group(1));
    }
    Matcher numbers = NUMBER.matcher(sql);
    while (numbers.find()) {
      found.add(numbers.group());
    }
    return found;
  }
}
