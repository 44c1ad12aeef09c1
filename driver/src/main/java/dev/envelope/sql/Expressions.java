package dev.envelope.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/** Small questions about expression shapes, and a repair of one JSqlParser 5.3 quirk. */
final class Expressions {

  private Expressions() {
  }

  /** The expression inside any number of single-element parentheses. */
  static Expression unwrap(Expression expression) {
    Expression e = expression;
    while (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
      e = list.get(0);
    }
    return e;
  }

  /** A constant that would reach the server as plaintext: string, number, date, boolean. */
  static boolean isLiteral(Expression expression) {
    Expression e = unwrap(expression);
    if (e instanceof SignedExpression signed) {
      return isLiteral(signed.getExpression());
    }
    if (e instanceof CastExpression cast) {
      return isLiteral(cast.getLeftExpression());
    }
    return e instanceof StringValue || e instanceof LongValue || e instanceof DoubleValue
        || e instanceof HexValue || e instanceof DateValue || e instanceof TimeValue
        || e instanceof TimestampValue || e instanceof DateTimeLiteralExpression
        || e instanceof BooleanValue || e instanceof IntervalExpression;
  }

  static boolean isNull(Expression expression) {
    return unwrap(expression) instanceof NullValue;
  }

  /** {@code DEFAULT} in VALUES or SET, which JSqlParser reads as a column of that name. */
  static boolean isDefault(Expression expression) {
    return unwrap(expression) instanceof Column column
        && (column.getTable() == null || column.getTable().getName() == null)
        && "default".equalsIgnoreCase(column.getColumnName());
  }

  /**
   * The rows of a VALUES list: JSqlParser gives one parenthesised list for a single row and a
   * list of parenthesised lists for several.
   */
  static List<List<Expression>> rows(ExpressionList<?> values) {
    List<List<Expression>> rows = new ArrayList<>();
    if (values instanceof ParenthesedExpressionList<?>) {
      rows.add(new ArrayList<>(values));
      return rows;
    }
    for (Expression row : values) {
      if (row instanceof ExpressionList<?> list) {
        rows.add(new ArrayList<>(list));
      } else {
        rows.add(List.of(row));
      }
    }
    return rows;
  }

  /**
   * JSqlParser 5.3 reads {@code a IN (x) AND b = ?} as {@code a IN ((x) AND b = ?)}, that is
   * the IN swallows the rest of the condition (JSqlParser issues 2244 and 2282). This puts the
   * IN back in place of the leftmost operand, which restores the tree that the SQL means.
   */
  static Expression repairIn(Expression expression) {
    if (!(expression instanceof InExpression in) || !isConditional(in.getRightExpression())) {
      return expression;
    }
    Expression root = in.getRightExpression();
    BinaryExpression holder = (BinaryExpression) root;
    while (isConditional(holder.getLeftExpression())) {
      holder = (BinaryExpression) holder.getLeftExpression();
    }
    in.setRightExpression(holder.getLeftExpression());
    holder.setLeftExpression(in);
    return root;
  }

  private static boolean isConditional(Expression expression) {
    return expression instanceof AndExpression || expression instanceof OrExpression
        || expression instanceof XorExpression;
  }
}
