package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.EncryptionMode;
import java.sql.SQLException;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Checks search conditions (WHERE, JOIN ON, ON CONFLICT ... WHERE): binds the parameters that
 * are compared with an annotated column, and refuses every comparison that the encryption
 * cannot answer.
 */
final class ConditionChecker {

  private final QueryAnalyzer queries;
  private final ExpressionInspector inspector;

  ConditionChecker(QueryAnalyzer queries, ExpressionInspector inspector) {
    this.queries = queries;
    this.inspector = inspector;
  }

  void check(Expression condition, Scope scope) throws SQLException {
    if (condition == null) {
      return;
    }
    Expression e = Expressions.unwrap(condition);
    Expression repaired = Expressions.repairIn(e);
    if (repaired != e) {
      check(repaired, scope);
    } else if (e instanceof AndExpression and) {
      check(and.getLeftExpression(), scope);
      check(and.getRightExpression(), scope);
    } else if (e instanceof OrExpression or) {
      check(or.getLeftExpression(), scope);
      check(or.getRightExpression(), scope);
    } else if (e instanceof XorExpression xor) {
      check(xor.getLeftExpression(), scope);
      check(xor.getRightExpression(), scope);
    } else if (e instanceof NotExpression not) {
      check(not.getExpression(), scope);
    } else if (e instanceof EqualsTo equals) {
      compare(equals.getLeftExpression(), equals.getRightExpression(), scope);
    } else if (e instanceof NotEqualsTo notEquals) {
      compare(notEquals.getLeftExpression(), notEquals.getRightExpression(), scope);
    } else if (e instanceof InExpression in) {
      checkIn(in, scope);
    } else if (e instanceof IsNullExpression isNull) {
      checkIsNull(isNull, scope);
    } else if (e instanceof ExistsExpression exists
        && Expressions.unwrap(exists.getRightExpression()) instanceof Select select) {
      // EXISTS looks only at whether rows come back, not at their values.
      queries.analyze(select, scope);
    } else {
      inspector.requirePlain(e, scope, null);
    }
  }

  private void checkIsNull(IsNullExpression isNull, Scope scope) throws SQLException {
    Expression left = Expressions.unwrap(isNull.getLeftExpression());
    if (left instanceof Column column) {
      scope.resolve(column);
    } else {
      inspector.requirePlain(left, scope, null);
    }
  }

  /** {@code left = right} or {@code left <> right}. */
  private void compare(Expression left, Expression right, Scope scope) throws SQLException {
    ColumnRef leftColumn = bareAnnotated(left, scope);
    ColumnRef rightColumn = bareAnnotated(right, scope);
    if (leftColumn != null) {
      compareWith(leftColumn, right, rightColumn, scope);
    } else if (rightColumn != null) {
      compareWith(rightColumn, left, leftColumn, scope);
    } else {
      inspector.requirePlain(left, scope, null);
      inspector.requirePlain(right, scope, null);
    }
  }

  private void compareWith(ColumnRef column, Expression other, ColumnRef otherColumn,
      Scope scope) throws SQLException {
    requireDeterministic(column, scope);
    Expression o = Expressions.unwrap(other);
    if (o instanceof JdbcParameter parameter) {
      scope.analysis().bind(parameter, column);
    } else if (Expressions.isNull(o)) {
      return;
    } else if (Expressions.isLiteral(o)) {
      throw Rejections.plaintextLiteral(column);
    } else if (otherColumn != null) {
      if (!otherColumn.equals(column)) {
        throw Rejections.unsupported(column, "comparison with the different encrypted column "
            + otherColumn + " is not supported; ciphertexts are bound to their column");
      }
    } else if (o instanceof Column) {
      throw Rejections.unsupported(column, "comparison with a plain column is not supported");
    } else if (o instanceof Select select) {
      requireSameColumn(column, queries.analyze(select, scope).sources());
    } else {
      ColumnRef inside = inspector.findAnnotated(o, scope);
      throw Rejections.unsupported(inside != null ? inside : column,
          "comparison with an expression is not supported; compare with a parameter");
    }
  }

  private void checkIn(InExpression in, Scope scope) throws SQLException {
    Expression right = Expressions.unwrap(in.getRightExpression());
    ColumnRef column = bareAnnotated(in.getLeftExpression(), scope);
    if (column == null) {
      inspector.requirePlain(in.getLeftExpression(), scope, null);
      if (right instanceof Select select) {
        ColumnRef yielded = queries.analyze(select, scope).firstAnnotated();
        if (yielded != null) {
          throw Rejections.unsupported(yielded, "IN compares a plain value with this "
              + "encrypted column");
        }
      } else {
        inspector.requirePlain(in.getRightExpression(), scope, null);
      }
      return;
    }

    requireDeterministic(column, scope);
    if (right instanceof Select select) {
      requireSameColumn(column, queries.analyze(select, scope).sources());
    } else if (right instanceof ExpressionList<?> list) {
      for (Expression item : list) {
        Expression value = Expressions.unwrap(item);
        if (value instanceof JdbcParameter parameter) {
          scope.analysis().bind(parameter, column);
        } else if (Expressions.isLiteral(value)) {
          throw Rejections.plaintextLiteral(column);
        } else if (!Expressions.isNull(value)) {
          throw Rejections.unsupported(column, "an IN list may hold only parameters");
        }
      }
    } else if (right instanceof JdbcParameter parameter) {
      scope.analysis().bind(parameter, column);
    } else {
      throw Rejections.unsupported(column, "this form of IN is not supported");
    }
  }

  private static void requireSameColumn(ColumnRef column, List<ColumnRef> yielded)
      throws SQLException {
    if (yielded.size() != 1 || !column.equals(yielded.get(0))) {
      throw Rejections.unsupported(column, "a subquery compared with an encrypted column "
          + "must return that same column");
    }
  }

  private static void requireDeterministic(ColumnRef column, Scope scope)
      throws SQLException {
    if (scope.analysis().mode(column) != EncryptionMode.DETERMINISTIC) {
      throw Rejections.randomizedEquality(column);
    }
  }

  /** The annotated column when the expression is a bare reference to one. */
  static ColumnRef bareAnnotated(Expression expression, Scope scope) throws SQLException {
    Expression e = Expressions.unwrap(expression);
    return e instanceof Column column ? scope.resolve(column) : null;
  }
}
