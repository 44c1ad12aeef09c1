package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.crypto.EncryptionMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Checks expressions that must not involve an annotated column at all: it walks the whole tree,
 * resolves every column reference and analyses every subquery it meets. {@code COUNT(col)} and
 * {@code col IS [NOT] NULL} are the exceptions: they reveal nothing beyond nullness.
 */
final class ExpressionInspector {

  private final QueryAnalyzer queries;

  ExpressionInspector(QueryAnalyzer queries) {
    this.queries = queries;
  }

  /**
   * Fails when {@code expression} involves an annotated column. The parameters inside stay
   * plain; subqueries inside are analysed with their own rules.
   *
   * @param operation what the expression does, for the message; {@code null} to describe it
   *     from its outermost operator
   */
  void requirePlain(Expression expression, Scope scope, String operation) throws SQLException {
    ColumnRef found = findAnnotated(expression, scope);
    if (found != null) {
      throw Rejections.cannotUse(found, operation != null ? operation : describe(expression));
    }
  }

  /** The first annotated column that {@code expression} involves, or {@code null}. */
  ColumnRef findAnnotated(Expression expression, Scope scope) throws SQLException {
    if (expression == null) {
      return null;
    }
    Collector collector = new Collector();
    expression.accept(collector, null);

    ColumnRef found = null;
    for (Column column : collector.columns) {
      ColumnRef ref = scope.resolve(column);
      if (ref != null && found == null) {
        found = ref;
      }
    }
    for (Column column : collector.distinctCounts) {
      ColumnRef ref = scope.resolve(column);
      if (ref != null && scope.analysis().mode(ref) == EncryptionMode.RANDOMIZED) {
        throw Rejections.cannotUse(ref, "COUNT(DISTINCT) on a randomized column");
      }
    }
    for (Column column : collector.harmless) {
      scope.resolve(column);
    }
    for (Select select : collector.selects) {
      ColumnRef ref = queries.analyze(select, scope).firstAnnotated();
      if (ref != null && found == null) {
        found = ref;
      }
    }

    // Whatever the visitor did not reach is checked as strictly as what it did.
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(collector.columns);
    seen.addAll(collector.distinctCounts);
    seen.addAll(collector.harmless);
    seen.addAll(collector.selects);
    for (Object node : NodeWalker.columnsAndSelects(expression)) {
      ColumnRef ref = null;
      if (seen.contains(node)) {
        continue;
      } else if (node instanceof Column column) {
        ref = scope.resolve(column);
      } else if (node instanceof Select select) {
        ref = queries.analyze(select, scope).firstAnnotated();
      }
      if (ref != null && found == null) {
        found = ref;
      }
    }
    return found;
  }

  /** A short name for what an expression does, for messages; never its text. */
  static String describe(Expression expression) {
    Expression e = Expressions.unwrap(expression);
    if (e instanceof LikeExpression like) {
      return like.getLikeKeyWord() == null ? "LIKE" : like.getLikeKeyWord().toString();
    } else if (e instanceof SimilarToExpression) {
      return "SIMILAR TO";
    } else if (e instanceof Between) {
      return "BETWEEN";
    } else if (e instanceof Concat) {
      return "string concatenation";
    } else if (e instanceof Addition || e instanceof Subtraction
        || e instanceof Multiplication || e instanceof Division
        || e instanceof IntegerDivision || e instanceof Modulo) {
      return "arithmetic";
    } else if (e instanceof ComparisonOperator comparison) {
      return "the " + comparison.getStringExpression().trim() + " comparison";
    } else if (e instanceof BinaryExpression binary) {
      return "the " + binary.getStringExpression().trim() + " operator";
    } else if (e instanceof AnalyticExpression) {
      return "a window function";
    } else if (e instanceof Function function) {
      return "the function " + function.getName().toLowerCase(Locale.ROOT) + "()";
    } else if (e instanceof CastExpression) {
      return "CAST";
    } else if (e instanceof CaseExpression) {
      return "CASE";
    } else if (e instanceof ExtractExpression) {
      return "EXTRACT";
    } else if (e instanceof InExpression) {
      return "this IN predicate";
    } else if (e instanceof ParenthesedSelect) {
      return "a subquery";
    }
    return "this expression";
  }

  /** Gathers columns and subqueries, without descending into subqueries. */
  private static final class Collector extends ExpressionVisitorAdapter<Void> {

    private final List<Column> columns = new ArrayList<>();
    private final List<Column> distinctCounts = new ArrayList<>();
    private final List<Column> harmless = new ArrayList<>();
    private final List<Select> selects = new ArrayList<>();

    @Override
    public <S> Void visit(Column column, S context) {
      columns.add(column);
      return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      selects.add(select);
      return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
      selects.add(select);
      return null;
    }

    @Override
    public <S> Void visit(IsNullExpression isNull, S context) {
      Expression left = Expressions.unwrap(isNull.getLeftExpression());
      if (left instanceof Column column) {
        harmless.add(column);
        return null;
      }
      return super.visit(isNull, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
      Column counted = countedColumn(function);
      if (counted != null) {
        (function.isDistinct() ? distinctCounts : harmless).add(counted);
        return null;
      }
      return super.visit(function, context);
    }

    private static Column countedColumn(Function function) {
      boolean count = "count".equalsIgnoreCase(function.getName())
          && function.getKeep() == null && function.getParameters() != null
          && function.getParameters().size() == 1;
      if (!count) {
        return null;
      }
      Expression argument = Expressions.unwrap(function.getParameters().get(0));
      return argument instanceof Column column ? column : null;
    }
  }
}
