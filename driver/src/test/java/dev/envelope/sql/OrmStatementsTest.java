package dev.envelope.sql;

import static dev.envelope.sql.PlanAssertions.assertPlan;

import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Statements as Hibernate 6 and hand-written applications send them, with the exact parameter
 * and result mappings they must get. "-" marks a plain parameter or result column.
 */
class OrmStatementsTest {

  private static final String C = "customers.";

  static Stream<Arguments> statements() {
    return Stream.of(
        ok("select c1_0.id,c1_0.name,c1_0.ssn from customers c1_0 where c1_0.ssn=?",
            C + "ssn", "-, -, " + C + "ssn"),
        ok("insert into customers (name,notes,ssn,id) values (?,?,?,?)",
            "-, customers.notes, customers.ssn, -", ""),
        ok("update customers set name=?,notes=?,ssn=? where id=?",
            "-, customers.notes, customers.ssn, -", ""),
        ok("delete from customers where id=?", "-", ""),
        ok("select c1_0.id from customers c1_0 where c1_0.ssn in (?,?)",
            "customers.ssn, customers.ssn", "-"),
        ok("select c1_0.id,c1_0.card,c1_0.name,c1_0.notes,c1_0.ssn from customers c1_0 "
            + "where c1_0.id=?", "-", "-, customers.card, -, customers.notes, customers.ssn"),
        ok("select o1_0.id,o1_0.amount,c1_0.id,c1_0.ssn from orders o1_0 join customers c1_0 "
            + "on c1_0.id=o1_0.customer_id where c1_0.ssn=? and o1_0.amount>?",
            "customers.ssn, -", "-, -, -, customers.ssn"),
        ok("select o1_0.memo from orders o1_0 left join customers c1_0 on "
            + "c1_0.id=o1_0.customer_id where c1_0.card in (?,?,?) and o1_0.id<>?",
            "customers.card, customers.card, customers.card, -", "orders.memo"),
        ok("select c1_0.id from customers c1_0 where c1_0.ssn=? and c1_0.card<>? and "
            + "c1_0.notes is not null", "customers.ssn, customers.card", "-"),
        ok("select c1_0.ssn from customers c1_0 where c1_0.notes is null "
            + "offset ? rows fetch first ? rows only", "-, -", "customers.ssn"),
        ok("select c1_0.ssn from customers c1_0 where c1_0.id=? for update", "-",
            "customers.ssn"),
        ok("select * from customers where ssn = ?", "customers.ssn",
            "-, -, customers.ssn, customers.notes, customers.card"),
        ok("select c.*, o.amount from customers c join orders o on o.customer_id = c.id", "",
            "-, -, customers.ssn, customers.notes, customers.card, -"),
        ok("select * from customers c, orders o where c.id = o.customer_id and c.ssn = ?",
            "customers.ssn", "-, -, customers.ssn, customers.notes, customers.card, "
            + "-, -, -, orders.memo"),
        ok("select ssn as s, name as n from customers where card = ?", "customers.card",
            "customers.ssn, -"),
        ok("select c.ssn from customers c where c.id in "
            + "(select o.customer_id from orders o where o.amount > ?)", "-", "customers.ssn"),
        ok("select x.ssn, x.total from "
            + "(select ssn, count(*) as total from customers group by ssn) x", "",
            "customers.ssn, -"),
        ok("select x.s from (select ssn from customers) as x(s)", "", "customers.ssn"),
        ok("select ssn from customers where id = ? union all "
            + "select ssn from customers where card = ?", "-, customers.card",
            "customers.ssn"),
        ok("select id, ssn from customers union select id, ssn from customers", "",
            "-, customers.ssn"),
        ok("select ssn from customers intersect all select ssn from customers", "",
            "customers.ssn"),
        ok("insert into customers (id, name, ssn) values (?, ?, ?), (?, ?, ?)",
            "-, -, customers.ssn, -, -, customers.ssn", ""),
        ok("insert into customers values (?, ?, ?, ?, ?)",
            "-, -, customers.ssn, customers.notes, customers.card", ""),
        ok("insert into customers (id, ssn) values (?, default)", "-", ""),
        ok("insert into customers (id, ssn, notes) values (?, null, null)", "-", ""),
        ok("insert into customers (id, ssn) select ?, ssn from customers where id = ?",
            "-, -", ""),
        ok("insert into customers (id, ssn, notes) select id + 1000, ?, null from plain "
            + "where x = ?", "customers.ssn, -", ""),
        ok("insert into customers (id, ssn) values (?, ?) on conflict (id) do update set "
            + "ssn = excluded.ssn", "-, customers.ssn", ""),
        ok("insert into customers (id, ssn) values (?, ?) on conflict (id) do update set "
            + "ssn = ?, notes = ? returning id, ssn, notes",
            "-, customers.ssn, customers.ssn, customers.notes",
            "-, customers.ssn, customers.notes"),
        ok("insert into customers (id, ssn) values (?, ?) on conflict do nothing",
            "-, customers.ssn", ""),
        ok("insert into customers (id, name) values (?, ?) returning *", "-, -",
            "-, -, customers.ssn, customers.notes, customers.card"),
        ok("update customers c set ssn = ? where c.card = ? returning c.ssn, c.name",
            "customers.ssn, customers.card", "customers.ssn, -"),
        ok("update customers set notes = null, ssn = ? where ssn = ?",
            "customers.ssn, customers.ssn", ""),
        ok("update customers set (name, ssn) = (?, ?) where id = ?",
            "-, customers.ssn, -", ""),
        ok("update customers set ssn = ? from orders o where o.customer_id = customers.id "
            + "and o.amount > ?", "customers.ssn, -", ""),
        ok("delete from customers where ssn = ? returning notes", "customers.ssn",
            "customers.notes"),
        ok("delete from orders o using customers c where o.customer_id = c.id and c.ssn = ?",
            "customers.ssn", ""),
        ok("select c.name from public.customers c where c.ssn = ?", "customers.ssn", "-"),
        ok("select \"c\".\"SSN\" from \"Customers\" \"c\" where \"c\".\"Card\" = ?",
            "customers.card", "customers.ssn"),
        ok("INSERT INTO Customers (ID, SSN) VALUES (?, ?)", "-, customers.ssn", ""),
        ok("select count(ssn), count(distinct card) from customers where notes is null", "",
            "-, -"),
        ok("select c.ssn from customers c where exists "
            + "(select 1 from orders o where o.customer_id = c.id and o.amount = ?)", "-",
            "customers.ssn"),
        ok("select ssn from customers where ssn in (select ssn from customers where id = ?)",
            "-", "customers.ssn"),
        ok("select distinct ssn, card from customers", "", "customers.ssn, customers.card"),
        ok("select ssn, count(*) from customers group by ssn having count(*) > ?", "-",
            "customers.ssn, -"),
        ok("with recent as (select * from orders where amount > ?) select r.memo, c.ssn "
            + "from recent r join customers c on c.id = r.customer_id where c.ssn = ?",
            "-, customers.ssn", "orders.memo, customers.ssn"),
        ok("with t as (select ssn, notes from customers where card = ?) select * from t",
            "customers.card", "customers.ssn, customers.notes"),
        ok("select ?, c.ssn from customers c limit ?", "-, -", "-, customers.ssn"),
        ok("select a.ssn from customers a join customers b on a.ssn = b.ssn where b.id = ?",
            "-", "customers.ssn"),
        ok("select name from customers where card = ? or ssn = ?",
            "customers.card, customers.ssn", "-"),
        ok("select c.name from customers c where c.ssn in (?, ?) and c.id = ? and c.card = ?",
            "customers.ssn, customers.ssn, -, customers.card", "-"),
        ok("select id from customers where ssn not in (?, ?) or card = ?",
            "customers.ssn, customers.ssn, customers.card", "-"),
        ok("select c.id from customers c where (c.ssn = ?)", "customers.ssn", "-"),
        ok("select id from customers where ? = ssn", "customers.ssn", "-"),
        ok("select id from customers where ssn != ?", "customers.ssn", "-"),
        ok("select c.ssn from customers c where c.id = "
            + "(select max(o.customer_id) from orders o where o.memo is not null)", "",
            "customers.ssn"),
        ok("select (select c.ssn from customers c where c.id = o.customer_id) as ssn, o.id "
            + "from orders o", "", "customers.ssn, -"),
        ok("select n.name from customers n where n.ssn = ?;", "customers.ssn", "-"),
        ok("select o.memo from orders o where o.customer_id in "
            + "(select c.id from customers c where c.card = ?)", "customers.card",
            "orders.memo"),
        ok("select coalesce(name, ?) from customers where ssn is null", "-", "-"),
        ok("select memo, ssn from customers c join orders o on o.customer_id = c.id", "",
            "orders.memo, customers.ssn"),
        ok("select c.id, c.ssn from customers c order by c.id desc limit ?", "-",
            "-, customers.ssn"),
        ok("select count(*) from customers where card is not null and id > ?", "-", "-"),
        // a whole-row reference to a table without encrypted columns stays allowed
        ok("select p, c.ssn from plain p join customers c on c.id = p.id where p.id = ?", "-",
            "-, customers.ssn"),
        ok("select row_to_json(p), c.ssn from plain p join customers c on c.id = p.id",
            "", "-, customers.ssn"));
  }

  private static Arguments ok(String sql, String parameters, String results) {
    return Arguments.of(sql, parameters, results);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("statements")
  void ormStatement_mapsParametersAndResults(String sql, String parameters, String results)
      throws SQLException {
    assertPlan(sql, parameters, results);
  }
}
