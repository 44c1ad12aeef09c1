package dev.envelope.sql;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Finds every column reference and subquery below a node by following the public getters of
 * the JSqlParser tree. It is the safety net under the expression visitor, whose adapter does
 * not descend into every child (window ORDER BY, for one): a column it misses is found here.
 */
final class NodeWalker {

  private static final String TREE_PACKAGE = "net.sf.jsqlparser.";
  private static final String PARSER_PACKAGE = "net.sf.jsqlparser.parser.";
  private static final Map<Class<?>, List<Method>> GETTERS = new ConcurrentHashMap<>();

  private NodeWalker() {
  }

  /** The columns and subqueries below {@code root}, without entering the subqueries. */
  static List<Object> columnsAndSelects(Object root) {
    return walk(root, false);
  }

  /** Every column reference in a whole statement, subqueries included. */
  static List<Column> allColumns(Object root) {
    List<Column> columns = new ArrayList<>();
    for (Object node : walk(root, true)) {
      columns.add((Column) node);
    }
    return columns;
  }

  private static List<Object> walk(Object root, boolean enterSelects) {
    List<Object> found = new ArrayList<>();
    Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Object node = pending.pop();
      if (!visited.add(node)) {
        continue;
      }
      if (node instanceof Column || (!enterSelects && node instanceof Select && node != root)) {
        found.add(node);
        continue;
      }
      if (node instanceof Iterable<?> items) {
        for (Object item : items) {
          if (item != null) {
            pending.push(item);
          }
        }
        continue;
      }
      for (Method getter : getters(node.getClass())) {
        Object child = read(getter, node);
        if (child != null && isTreeValue(child)) {
          pending.push(child);
        }
      }
    }
    return found;
  }

  private static boolean isTreeValue(Object value) {
    String name = value.getClass().getName();
    return value instanceof Iterable<?> || (name.startsWith(TREE_PACKAGE)
        && !name.startsWith(PARSER_PACKAGE) && !(value instanceof Enum<?>));
  }

  private static Object read(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      // A getter that cannot be read holds nothing this walk could use.
      return null;
    }
  }

  private static List<Method> getters(Class<?> type) {
    return GETTERS.computeIfAbsent(type, t -> {
      List<Method> methods = new ArrayList<>();
      for (Method method : t.getMethods()) {
        boolean getter = method.getName().startsWith("get") && method.getParameterCount() == 0
            && !Modifier.isStatic(method.getModifiers())
            && !method.getReturnType().isPrimitive() && method.getReturnType() != String.class
            && !"getParent".equals(method.getName()) && !"getClass".equals(method.getName())
            && method.getDeclaringClass().getName().startsWith(TREE_PACKAGE);
        if (getter) {
          methods.add(method);
        }
      }
      return List.copyOf(methods);
    });
  }
}
