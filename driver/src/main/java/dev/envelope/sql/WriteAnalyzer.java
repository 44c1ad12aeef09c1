package dev.envelope.sql;

import dev.envelope.ColumnRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Analyses INSERT, UPDATE and DELETE: what each target column receives, the search conditions,
 * and the RETURNING clause. An annotated column may receive a parameter, NULL, DEFAULT or its
 * own values (a copy within one column); anything else would send or mix plaintext.
 */
final class WriteAnalyzer {

  private static final String ONLY_PARAMETERS = "only a parameter, NULL or the same column can "
      + "be written to an encrypted column";

  private final QueryAnalyzer queries;

  WriteAnalyzer(QueryAnalyzer queries) {
    this.queries = queries;
  }

  /** Analyses an INSERT and returns the columns of its RETURNING clause. */
  List<ResultColumn> insert(Insert insert, Scope parent) throws SQLException {
    Analysis analysis = queries.analysis();
    Table table = insert.getTable();
    analysis.noteTarget(table);
    Scope outer = queries.withItems(insert.getWithItemsList(), parent);
    List<ColumnRef> targets = targets(insert, table);
    Scope values = new Scope(analysis, outer);

    Select source = insert.getSelect();
    if (source instanceof Values rows) {
      for (List<Expression> row : Expressions.rows(rows.getExpressions())) {
        for (int i = 0; i < row.size(); i++) {
          assign(target(targets, i), row.get(i), values);
        }
      }
    } else if (source != null) {
      Query query = queries.analyze(source, outer);
      for (List<ResultColumn> branch : query.branches()) {
        for (int i = 0; i < branch.size(); i++) {
          copy(target(targets, i), branch.get(i));
        }
      }
    }

    Scope targetScope = new Scope(analysis, outer);
    targetScope.addTable(table);
    updateSets(insert.getSetUpdateSets(), table, targetScope);
    updateSets(insert.getDuplicateUpdateSets(), table, targetScope);
    InsertConflictAction conflict = insert.getConflictAction();
    if (conflict != null) {
      Scope conflictScope = new Scope(analysis, outer);
      conflictScope.addTable(table);
      conflictScope.addTableAs(table, "excluded");
      updateSets(conflict.getUpdateSets(), table, conflictScope);
      queries.conditions().check(conflict.getWhereExpression(), conflictScope);
    }
    return queries.selectItems(insert.getReturningClause(), targetScope);
  }

  /** Analyses an UPDATE and returns the columns of its RETURNING clause. */
  List<ResultColumn> update(Update update, Scope parent) throws SQLException {
    Analysis analysis = queries.analysis();
    Table table = update.getTable();
    analysis.noteTarget(table);
    Scope scope = new Scope(analysis, queries.withItems(update.getWithItemsList(), parent));
    scope.addTable(table);
    queries.addJoins(update.getStartJoins(), scope);
    if (update.getFromItem() != null) {
      queries.addFromItem(update.getFromItem(), scope);
    }
    queries.addJoins(update.getJoins(), scope);

    updateSets(update.getUpdateSets(), table, scope);
    queries.conditions().check(update.getWhere(), scope);
    queries.orderBy(update.getOrderByElements(), List.of(), scope);
    return queries.selectItems(update.getReturningClause(), scope);
  }

  /** Analyses a DELETE and returns the columns of its RETURNING clause. */
  List<ResultColumn> delete(Delete delete, Scope parent) throws SQLException {
    Analysis analysis = queries.analysis();
    Scope scope = new Scope(analysis, queries.withItems(delete.getWithItemsList(), parent));
    if (delete.getTable() != null) {
      analysis.noteTarget(delete.getTable());
      scope.addTable(delete.getTable());
    }
    if (delete.getTables() != null) {
      for (Table table : delete.getTables()) {
        analysis.noteTarget(table);
      }
    }
    if (delete.getUsingList() != null) {
      for (Table table : delete.getUsingList()) {
        scope.addTable(table);
      }
    }
    queries.addJoins(delete.getJoins(), scope);

    queries.conditions().check(delete.getWhere(), scope);
    queries.orderBy(delete.getOrderByElements(), List.of(), scope);
    return queries.selectItems(delete.getReturningClause(), scope);
  }

  /** The annotated target columns of an INSERT in order, {@code null} for plain ones. */
  private List<ColumnRef> targets(Insert insert, Table table) throws SQLException {
    Analysis analysis = queries.analysis();
    String name = Analysis.tableName(table);
    List<ColumnRef> targets = new ArrayList<>();
    if (!analysis.hasAnnotatedColumns(name)) {
      return targets;
    }
    if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
      for (Column column : insert.getColumns()) {
        targets.add(targetOf(name, column));
      }
    } else if (insert.getSelect() != null) {
      for (String column : analysis.columnsOf(table)) {
        targets.add(analysis.annotated(new ColumnRef(name, column)));
      }
    }
    return targets;
  }

  private static ColumnRef target(List<ColumnRef> targets, int index) {
    return index < targets.size() ? targets.get(index) : null;
  }

  private ColumnRef targetOf(String table, Column column) {
    queries.analysis().markSeen(column);
    return queries.analysis().annotated(new ColumnRef(table,
        ColumnRef.normalize(column.getColumnName())));
  }

  private void updateSets(List<UpdateSet> sets, Table table, Scope scope) throws SQLException {
    if (sets == null) {
      return;
    }
    String name = Analysis.tableName(table);
    for (UpdateSet set : sets) {
      List<Column> columns = new ArrayList<>(set.getColumns());
      List<Expression> values = new ArrayList<>(set.getValues());
      if (values.size() == 1 && columns.size() > 1) {
        Expression only = Expressions.unwrap(values.get(0));
        if (only instanceof Select select) {
          // SET (a, b) = (SELECT x, y ...): each target receives one result column.
          Query query = queries.analyze(select, scope);
          for (List<ResultColumn> branch : query.branches()) {
            for (int i = 0; i < branch.size() && i < columns.size(); i++) {
              copy(targetOf(name, columns.get(i)), branch.get(i));
            }
          }
          continue;
        }
        if (only instanceof ParenthesedExpressionList<?> row) {
          values = new ArrayList<>(row);
        }
      }
      if (values.size() != columns.size()) {
        throw queries.analysis().unanalysable("a SET clause has a different number of columns "
            + "and values");
      }
      for (int i = 0; i < columns.size(); i++) {
        assign(targetOf(name, columns.get(i)), values.get(i), scope);
      }
    }
  }

  /** A value written to a target column: VALUES, SET, ON CONFLICT DO UPDATE SET. */
  private void assign(ColumnRef target, Expression value, Scope scope) throws SQLException {
    Expression v = Expressions.unwrap(value);
    if (target == null) {
      ColumnRef source = v instanceof Column column ? scope.resolve(column) : null;
      if (source == null && v instanceof Select select) {
        source = queries.analyze(select, scope).firstAnnotated();
      } else if (source == null) {
        queries.inspector().requirePlain(v, scope, null);
      }
      if (source != null) {
        throw copyToPlain(source);
      }
      return;
    }

    if (v instanceof JdbcParameter parameter) {
      scope.analysis().bind(parameter, target);
    } else if (Expressions.isNull(v) || Expressions.isDefault(v)) {
      return;
    } else if (Expressions.isLiteral(v)) {
      throw Rejections.plaintextLiteral(target);
    } else if (v instanceof Column column) {
      if (!target.equals(scope.resolve(column))) {
        throw Rejections.unsupported(target, ONLY_PARAMETERS);
      }
    } else if (v instanceof Select select) {
      List<ColumnRef> yielded = queries.analyze(select, scope).sources();
      if (yielded.size() != 1 || !target.equals(yielded.get(0))) {
        throw Rejections.unsupported(target, ONLY_PARAMETERS);
      }
    } else {
      throw Rejections.unsupported(target, "an expression cannot be written to an encrypted "
          + "column; use a parameter");
    }
  }

  /** A result column copied into a target column: INSERT ... SELECT, SET (...) = (SELECT). */
  private void copy(ColumnRef target, ResultColumn value) throws SQLException {
    if (target == null) {
      if (value.source() != null) {
        throw copyToPlain(value.source());
      }
      return;
    }
    Expression e = value.expression();
    if (e instanceof JdbcParameter parameter) {
      queries.analysis().bind(parameter, target);
    } else if (e != null && Expressions.isNull(e)) {
      return;
    } else if (e != null && Expressions.isLiteral(e)) {
      throw Rejections.plaintextLiteral(target);
    } else if (!target.equals(value.source())) {
      throw Rejections.unsupported(target, ONLY_PARAMETERS);
    }
  }

  private static SQLException copyToPlain(ColumnRef source) {
    return Rejections.unsupported(source, "copying an encrypted column into a plain column is "
        + "not supported");
  }
}
