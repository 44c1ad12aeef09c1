package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.EncryptionMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;

/**
 * Analyses queries: FROM and JOIN scopes, select lists and their provenance, DISTINCT, GROUP
 * BY, HAVING, ORDER BY, set operations, VALUES and common table expressions.
 */
final class QueryAnalyzer {

  private final Analysis analysis;
  private final ExpressionInspector inspector;
  private final ConditionChecker conditions;
  private final WriteAnalyzer writes;

  QueryAnalyzer(Analysis analysis) {
    this.analysis = analysis;
    this.inspector = new ExpressionInspector(this);
    this.conditions = new ConditionChecker(this, inspector);
    this.writes = new WriteAnalyzer(this);
  }

  Analysis analysis() {
    return analysis;
  }

  ExpressionInspector inspector() {
    return inspector;
  }

  ConditionChecker conditions() {
    return conditions;
  }

  WriteAnalyzer writes() {
    return writes;
  }

  /** Analyses a query seen from {@code parent} (the enclosing level, or {@code null}). */
  Query analyze(Select select, Scope parent) throws SQLException {
    Scope outer = withItems(select.getWithItemsList(), parent);
    if (select instanceof PlainSelect plain) {
      return plainSelect(plain, outer);
    } else if (select instanceof SetOperationList operations) {
      return setOperations(operations, outer);
    } else if (select instanceof ParenthesedSelect parenthesed) {
      Query inner = analyze(parenthesed.getSelect(), outer);
      orderByOutput(parenthesed.getOrderByElements(), inner.columns(), outer);
      return inner;
    } else if (select instanceof Values values) {
      return values(values, outer);
    }
    throw analysis.unanalysable("this kind of query is not supported");
  }

  /** A scope that holds the common table expressions of a WITH clause, or {@code parent}. */
  Scope withItems(List<WithItem<?>> items, Scope parent) throws SQLException {
    if (items == null || items.isEmpty()) {
      return parent;
    }
    Scope scope = new Scope(analysis, parent);
    for (WithItem<?> item : items) {
      Object body = item.getParenthesedStatement();
      List<ResultColumn> columns;
      if (body instanceof ParenthesedSelect select) {
        columns = analyze(select, scope).columns();
      } else if (body instanceof ParenthesedInsert insert) {
        columns = writes.insert(insert.getInsert(), scope);
      } else if (body instanceof ParenthesedUpdate update) {
        columns = writes.update(update.getUpdate(), scope);
      } else if (body instanceof ParenthesedDelete delete) {
        columns = writes.delete(delete.getDelete(), scope);
      } else {
        throw analysis.unanalysable("this kind of WITH item is not supported");
      }
      List<String> names = new ArrayList<>();
      if (item.getWithItemList() != null) {
        for (SelectItem<?> name : item.getWithItemList()) {
          if (name.getExpression() instanceof Column column) {
            analysis.markSeen(column);
          }
          names.add(ColumnRef.normalize(name.getExpression().toString()));
        }
      }
      scope.defineCte(ColumnRef.normalize(item.getAlias().getName()), rename(columns, names));
    }
    return scope;
  }

  private Query plainSelect(PlainSelect select, Scope outer) throws SQLException {
    Scope scope = new Scope(analysis, outer);
    if (select.getFromItem() != null) {
      addFromItem(select.getFromItem(), scope);
    }
    addJoins(select.getJoins(), scope);
    conditions.check(select.getWhere(), scope);

    List<ResultColumn> columns = selectItems(select.getSelectItems(), scope);
    distinct(select.getDistinct(), columns, scope);
    groupBy(select.getGroupBy(), columns, scope);
    if (select.getHaving() != null) {
      inspector.requirePlain(select.getHaving(), scope, "HAVING");
    }
    orderBy(select.getOrderByElements(), columns, scope);

    if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
      requireNoAnnotated(columns, "SELECT INTO would copy an encrypted column into a table "
          + "that is not annotated");
    }
    return Query.single(columns);
  }

  private Query setOperations(SetOperationList list, Scope outer) throws SQLException {
    List<Query> parts = new ArrayList<>();
    for (Select select : list.getSelects()) {
      parts.add(analyze(select, outer));
    }
    boolean comparesValues = false;
    for (SetOperation operation : list.getOperations()) {
      comparesValues |= !(operation instanceof UnionOp union && union.isAll());
    }

    List<ResultColumn> first = parts.get(0).columns();
    List<List<ResultColumn>> branches = new ArrayList<>();
    for (Query part : parts) {
      if (part.columns().size() != first.size()) {
        ColumnRef any = parts.stream().map(Query::firstAnnotated).filter(Objects::nonNull)
            .findFirst().orElse(null);
        if (any != null) {
          throw Rejections.unsupported(any, "the branches of a set operation have different "
              + "numbers of columns");
        }
      }
      branches.addAll(part.branches());
    }
    List<ResultColumn> merged = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      ColumnRef source = first.get(i).source();
      for (Query part : parts) {
        ColumnRef other = i < part.columns().size() ? part.columns().get(i).source() : null;
        if (!Objects.equals(source, other)) {
          throw Rejections.unsupported(source != null ? source : other, "a set operation "
              + "(UNION, INTERSECT, EXCEPT) combines this encrypted column with a different "
              + "column");
        }
      }
      if (source != null && comparesValues
          && analysis.mode(source) == EncryptionMode.RANDOMIZED) {
        throw Rejections.cannotUse(source, "UNION without ALL, INTERSECT or EXCEPT on a "
            + "randomized column");
      }
      merged.add(new ResultColumn(first.get(i).name(), source, null));
    }

    Scope scope = new Scope(analysis, outer);
    scope.addDerived("", merged);
    orderByOutput(list.getOrderByElements(), merged, scope);
    return new Query(List.copyOf(merged), List.copyOf(branches));
  }

  private Query values(Values values, Scope outer) throws SQLException {
    Scope scope = new Scope(analysis, outer);
    List<List<Expression>> rows = Expressions.rows(values.getExpressions());
    for (List<Expression> row : rows) {
      for (Expression value : row) {
        inspector.requirePlain(value, scope, null);
      }
    }
    List<List<ResultColumn>> branches = new ArrayList<>();
    for (List<Expression> row : rows) {
      List<ResultColumn> columns = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        columns.add(new ResultColumn("column" + (i + 1), null, Expressions.unwrap(row.get(i))));
      }
      branches.add(List.copyOf(columns));
    }
    List<ResultColumn> columns = branches.isEmpty() ? List.of() : branches.get(0);
    List<ResultColumn> named = rename(columns, aliasColumns(values.getAlias()));
    return new Query(named, List.copyOf(branches));
  }

  /** Adds a FROM item to the scope, analysing derived tables. */
  void addFromItem(FromItem item, Scope scope) throws SQLException {
    if (item instanceof Table table) {
      List<ResultColumn> cte = table.getSchemaName() == null
          ? scope.cte(Analysis.tableName(table)) : null;
      if (cte == null) {
        scope.addTable(table);
      } else {
        scope.addDerived(aliasOr(table.getAlias(), Analysis.tableName(table)), cte);
      }
    } else if (item instanceof ParenthesedSelect select) {
      Query query = analyze(select, scope);
      scope.addDerived(aliasOr(select.getAlias(), ""), rename(query.columns(),
          aliasColumns(select.getAlias())));
    } else if (item instanceof ParenthesedFromItem nested) {
      addFromItem(nested.getFromItem(), scope);
      addJoins(nested.getJoins(), scope);
    } else if (item instanceof TableFunction function) {
      inspector.requirePlain(function.getFunction(), scope, null);
      scope.addDerived(aliasOr(function.getAlias(), ""), List.of());
    } else {
      throw analysis.unanalysable("this kind of FROM item is not supported");
    }
  }

  void addJoins(List<Join> joins, Scope scope) throws SQLException {
    if (joins == null) {
      return;
    }
    for (Join join : joins) {
      addFromItem(join.getRightItem(), scope);
      if (join.isNatural()) {
        throw analysis.unanalysable("NATURAL JOIN is not supported; join with ON instead");
      }
      if (join.getUsingColumns() != null) {
        for (Column column : join.getUsingColumns()) {
          analysis.markSeen(column);
          ColumnRef ref = scope.firstAnnotated(ColumnRef.normalize(column.getColumnName()));
          if (ref != null) {
            throw Rejections.cannotUse(ref, "JOIN USING");
          }
        }
      }
      if (join.getOnExpressions() != null) {
        for (Expression on : join.getOnExpressions()) {
          conditions.check(on, scope);
        }
      }
    }
  }

  /** The result columns of a select list or RETURNING clause. */
  List<ResultColumn> selectItems(List<? extends SelectItem<?>> items, Scope scope)
      throws SQLException {
    List<ResultColumn> columns = new ArrayList<>();
    if (items == null) {
      return columns;
    }
    for (SelectItem<?> item : items) {
      Expression expression = item.getExpression();
      if (expression instanceof AllTableColumns tableColumns) {
        columns.addAll(scope.expand(tableColumns.getTable()));
      } else if (expression instanceof AllColumns) {
        columns.addAll(scope.expandAll());
      } else {
        columns.add(selectItem(item, scope));
      }
    }
    return columns;
  }

  private ResultColumn selectItem(SelectItem<?> item, Scope scope) throws SQLException {
    Expression expression = Expressions.unwrap(item.getExpression());
    String name = item.getAlias() == null ? null : ColumnRef.normalize(item.getAlias()
        .getName());
    ColumnRef source = null;
    if (expression instanceof Column column) {
      source = scope.resolve(column);
      name = name == null ? ColumnRef.normalize(column.getColumnName()) : name;
    } else if (expression instanceof Select select) {
      Query query = analyze(select, scope);
      if (query.columns().size() == 1) {
        source = query.columns().get(0).source();
      } else if (query.firstAnnotated() != null) {
        throw Rejections.unsupported(query.firstAnnotated(), "a scalar subquery must return "
            + "one column");
      }
    } else {
      inspector.requirePlain(expression, scope, null);
    }
    return new ResultColumn(name == null ? "" : name, source, expression);
  }

  private void distinct(Distinct distinct, List<ResultColumn> columns, Scope scope)
      throws SQLException {
    if (distinct == null) {
      return;
    }
    if (distinct.getOnSelectItems() != null && !distinct.getOnSelectItems().isEmpty()) {
      for (SelectItem<?> item : distinct.getOnSelectItems()) {
        grouping(item.getExpression(), columns, scope, "DISTINCT ON");
      }
      return;
    }
    for (ResultColumn column : columns) {
      requireNotRandomized(column.source(), "DISTINCT");
    }
  }

  private void groupBy(GroupByElement groupBy, List<ResultColumn> columns, Scope scope)
      throws SQLException {
    if (groupBy == null) {
      return;
    }
    if (groupBy.getGroupByExpressionList() != null) {
      for (Object expression : groupBy.getGroupByExpressionList()) {
        grouping((Expression) expression, columns, scope, "GROUP BY");
      }
    }
    if (groupBy.getGroupingSets() != null) {
      for (ExpressionList<Expression> set : groupBy.getGroupingSets()) {
        for (Expression expression : set) {
          grouping(expression, columns, scope, "GROUP BY");
        }
      }
    }
  }

  /** GROUP BY and DISTINCT ON compare values: fine on deterministic columns only. */
  private void grouping(Expression expression, List<ResultColumn> columns, Scope scope,
      String clause) throws SQLException {
    if (isBare(expression)) {
      requireNotRandomized(referenced(expression, columns, scope, false), clause);
    } else {
      inspector.requirePlain(expression, scope, null);
    }
  }

  /** ORDER BY of a plain query: no encrypted column, in any expression. */
  void orderBy(List<OrderByElement> elements, List<ResultColumn> columns, Scope scope)
      throws SQLException {
    if (elements == null) {
      return;
    }
    for (OrderByElement element : elements) {
      Expression expression = element.getExpression();
      if (isBare(expression)) {
        ColumnRef ref = referenced(expression, columns, scope, true);
        if (ref != null) {
          throw Rejections.cannotUse(ref, "ORDER BY");
        }
      } else {
        inspector.requirePlain(expression, scope, "ORDER BY");
      }
    }
  }

  private void orderByOutput(List<OrderByElement> elements, List<ResultColumn> columns,
      Scope outer) throws SQLException {
    if (elements != null) {
      Scope scope = new Scope(analysis, outer);
      scope.addDerived("", columns);
      orderBy(elements, columns, scope);
    }
  }

  private static boolean isBare(Expression expression) {
    Expression e = Expressions.unwrap(expression);
    return e instanceof Column || e instanceof LongValue;
  }

  /** The annotated column that a bare column, output name or output position denotes. */
  private static ColumnRef referenced(Expression expression, List<ResultColumn> columns,
      Scope scope, boolean outputFirst) throws SQLException {
    Expression e = Expressions.unwrap(expression);
    if (e instanceof LongValue position) {
      long index = position.getValue();
      return index >= 1 && index <= columns.size() ? columns.get((int) index - 1).source()
          : null;
    }
    Column column = (Column) e;
    boolean unqualified = column.getTable() == null || column.getTable().getName() == null;
    String name = ColumnRef.normalize(column.getColumnName());
    ResultColumn output = unqualified ? columns.stream().filter(c -> c.name().equals(name))
        .findFirst().orElse(null) : null;
    if (output != null && outputFirst) {
      return output.source();
    }
    ColumnRef ref = scope.resolve(column);
    return ref == null && output != null ? output.source() : ref;
  }

  private void requireNotRandomized(ColumnRef column, String clause) throws SQLException {
    if (column != null && analysis.mode(column) == EncryptionMode.RANDOMIZED) {
      throw Rejections.cannotUse(column, clause + " on a randomized column");
    }
  }

  private static void requireNoAnnotated(List<ResultColumn> columns, String reason)
      throws SQLException {
    for (ResultColumn column : columns) {
      if (column.source() != null) {
        throw Rejections.unsupported(column.source(), reason);
      }
    }
  }

  private static String aliasOr(Alias alias, String fallback) {
    return alias == null ? fallback : ColumnRef.normalize(alias.getName());
  }

  private static List<String> aliasColumns(Alias alias) {
    List<String> names = new ArrayList<>();
    if (alias != null && alias.getAliasColumns() != null) {
      for (Alias.AliasColumn column : alias.getAliasColumns()) {
        names.add(ColumnRef.normalize(column.name));
      }
    }
    return names;
  }

  private static List<ResultColumn> rename(List<ResultColumn> columns, List<String> names) {
    List<ResultColumn> out = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      out.add(i < names.size() ? columns.get(i).renamed(names.get(i)) : columns.get(i));
    }
    return out;
  }
}
