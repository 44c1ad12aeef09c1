package dev.envelope.sql;

import dev.envelope.ColumnRef;
import dev.envelope.EnvelopeException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * The tables and derived tables that one query level can see, with their aliases, and the
 * common table expressions in force. Resolves column references to annotated columns, looking
 * outwards through the enclosing levels for correlated references.
 */
final class Scope {

  private final Analysis analysis;
  private final Scope parent;
  private final List<Source> sources = new ArrayList<>();
  private final Map<String, List<ResultColumn>> ctes = new HashMap<>();

  Scope(Analysis analysis, Scope parent) {
    this.analysis = analysis;
    this.parent = parent;
  }

  Analysis analysis() {
    return analysis;
  }

  /** A base table in FROM, JOIN, or the target of a write. */
  void addTable(Table table) {
    String name = Analysis.tableName(table);
    String alias = table.getAlias() == null ? name : ColumnRef.normalize(table.getAlias()
        .getName());
    sources.add(new Source(alias, name, table, null));
  }

  /** A base table seen under another name, such as {@code EXCLUDED} in ON CONFLICT. */
  void addTableAs(Table table, String alias) {
    sources.add(new Source(alias, Analysis.tableName(table), table, null));
  }

  /** A derived table, CTE reference or table function with the columns it yields. */
  void addDerived(String alias, List<ResultColumn> columns) {
    sources.add(new Source(alias == null ? "" : alias, null, null, List.copyOf(columns)));
  }

  void defineCte(String name, List<ResultColumn> columns) {
    ctes.put(name, List.copyOf(columns));
  }

  /** The columns of the CTE of this name in force here, or {@code null}. */
  List<ResultColumn> cte(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      List<ResultColumn> found = s.ctes.get(name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The columns of {@code *}: every source of this level in FROM and JOIN order. */
  List<ResultColumn> expandAll() throws SQLException {
    List<ResultColumn> out = new ArrayList<>();
    for (Source source : sources) {
      out.addAll(source.expand());
    }
    return out;
  }

  /** The columns of {@code t.*}. */
  List<ResultColumn> expand(Table qualifier) throws SQLException {
    String name = Analysis.tableName(qualifier);
    for (Source source : sources) {
      if (source.matches(name)) {
        return source.expand();
      }
    }
    throw analysis.unanalysable("the table of " + name + ".* is not in the FROM clause");
  }

  /** The annotated column that a column reference denotes, or {@code null}. */
  ColumnRef resolve(Column column) throws SQLException {
    analysis.markSeen(column);
    String name = ColumnRef.normalize(column.getColumnName());
    Table qualifier = column.getTable();
    if (qualifier != null && qualifier.getName() != null) {
      return resolveQualified(Analysis.tableName(qualifier), name);
    }
    return resolveUnqualified(name);
  }

  /** The first source of this level whose column {@code name} is annotated, or {@code null}. */
  ColumnRef firstAnnotated(String name) {
    for (Source source : sources) {
      ColumnRef ref = source.lookup(name);
      if (ref != null) {
        return ref;
      }
    }
    return null;
  }

  private ColumnRef resolveQualified(String qualifier, String name) {
    for (Scope s = this; s != null; s = s.parent) {
      for (Source source : s.sources) {
        if (source.matches(qualifier)) {
          return source.lookup(name);
        }
      }
    }
    // An unknown qualifier named like an annotated table is taken at its word.
    return analysis.annotated(new ColumnRef(qualifier, name));
  }

  private ColumnRef resolveUnqualified(String name) throws SQLException {
    refuseWholeRow(name);
    boolean alone = visibleSources() == 1;
    for (Scope s = this; s != null; s = s.parent) {
      List<Source> candidates = new ArrayList<>();
      for (Source source : s.sources) {
        if (alone || source.has(name)) {
          candidates.add(source);
        }
      }
      if (candidates.size() == 1) {
        return candidates.get(0).lookup(name);
      }
      if (candidates.size() > 1) {
        for (Source candidate : candidates) {
          ColumnRef ref = candidate.lookup(name);
          if (ref != null) {
            throw Rejections.unsupported(ref, "the unqualified column " + name
                + " is ambiguous between tables; qualify it with its table or alias");
          }
        }
        return null;
      }
    }
    return null;
  }

  /**
   * Refuses a whole-row reference ({@code SELECT c FROM customers c}, {@code row_to_json(c)})
   * to a source with encrypted columns: its value would carry their ciphertext as if it were
   * data, where no column codec can decrypt it.
   */
  private void refuseWholeRow(String name) throws SQLException {
    for (Scope s = this; s != null; s = s.parent) {
      for (Source source : s.sources) {
        if (source.matches(name) && source.hasAnnotated() && !source.has(name)) {
          throw Rejections.unsupportedStatement(source.describe(), "the whole-row reference "
              + name + " would carry encrypted columns; select the columns by name");
        }
      }
    }
  }

  private int visibleSources() {
    int count = 0;
    for (Scope s = this; s != null; s = s.parent) {
      count += s.sources.size();
    }
    return count;
  }

  /** One entry of a FROM list: a base table (with {@code table}) or a derived one. */
  private final class Source {

    private final String alias;
    private final String tableName;
    private final Table table;
    private final List<ResultColumn> derived;

    Source(String alias, String tableName, Table table, List<ResultColumn> derived) {
      this.alias = alias;
      this.tableName = tableName;
      this.table = table;
      this.derived = derived;
    }

    boolean matches(String qualifier) {
      return alias.equals(qualifier) || qualifier.equals(tableName);
    }

    ColumnRef lookup(String name) {
      if (derived == null) {
        return analysis.annotated(new ColumnRef(tableName, name));
      }
      for (ResultColumn column : derived) {
        if (column.name().equals(name)) {
          return column.source();
        }
      }
      return null;
    }

    boolean hasAnnotated() {
      if (derived != null) {
        return derived.stream().anyMatch(c -> c.source() != null);
      }
      return analysis.hasAnnotatedColumns(tableName);
    }

    /** The table to name in a message: this one, or the first encrypted one behind it. */
    String describe() {
      if (tableName != null) {
        return tableName;
      }
      return derived.stream().filter(c -> c.source() != null).findFirst()
          .map(c -> c.source().table()).orElse(alias);
    }

    boolean has(String name) throws SQLException {
      if (derived != null) {
        return derived.stream().anyMatch(c -> c.name().equals(name));
      }
      try {
        return analysis.columnsOf(table).contains(name);
      } catch (EnvelopeException e) {
        // A table without annotated columns cannot hide one; the server reports the rest.
        if (analysis.hasAnnotatedColumns(tableName)) {
          throw e;
        }
        return false;
      }
    }

    List<ResultColumn> expand() throws SQLException {
      if (derived != null) {
        return derived.stream().map(c -> new ResultColumn(c.name(), c.source(), null))
            .toList();
      }
      List<ResultColumn> out = new ArrayList<>();
      for (String name : analysis.columnsOf(table)) {
        out.add(new ResultColumn(name, lookup(name), null));
      }
      return out;
    }
  }
}
