package dev.celador.engine.internal.cel.k8s;

import com.google.common.primitives.UnsignedLong;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Kubernetes' regex ({@code find}, {@code findAll}) and list functions, on CEL runtime values. */
final class ListFunctions {

  private ListFunctions() {}

  static String find(String text, String regex) {
    Matcher m = compile(regex).matcher(text);
    return m.find() ? m.group() : "";
  }

  static List<String> findAll(String text, String regex, long limit) {
    List<String> out = new ArrayList<>();
    if (limit == 0) {
      return out;
    }
    Matcher m = compile(regex).matcher(text);
    while (m.find() && (limit < 0 || out.size() < limit)) {
      out.add(m.group());
    }
    return out;
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw KubeErrors.error("error parsing regexp: " + e.getDescription());
    }
  }

  static boolean isSorted(List<?> list) {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  static Object sum(List<?> list) {
    if (list.isEmpty()) {
      return 0L;
    }
    Object total = list.get(0);
    for (int i = 1; i < list.size(); i++) {
      total = add(total, list.get(i));
    }
    if (!(total instanceof Long
        || total instanceof Double
        || total instanceof UnsignedLong
        || total instanceof Duration)) {
      throw KubeErrors.error("no such overload: sum");
    }
    return total;
  }

  private static Object add(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      try {
        return Math.addExact(x, y);
      } catch (ArithmeticException e) {
        throw KubeErrors.error("integer overflow");
      }
    }
    if (a instanceof Double x && b instanceof Double y) {
      return x + y;
    }
    if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
      return x.plus(y);
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.plus(y);
    }
    throw KubeErrors.error("no such overload: sum");
  }

  static Object min(List<?> list) {
    return extreme(list, -1, "min");
  }

  static Object max(List<?> list) {
    return extreme(list, 1, "max");
  }

  private static Object extreme(List<?> list, int direction, String name) {
    if (list.isEmpty()) {
      throw KubeErrors.error(name + " called on empty list");
    }
    Object best = list.get(0);
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i), best) * direction > 0) {
        best = list.get(i);
      }
    }
    return best;
  }

  static long indexOf(List<?> list, Object item) {
    for (int i = 0; i < list.size(); i++) {
      if (same(list.get(i), item)) {
        return i;
      }
    }
    return -1;
  }

  static long lastIndexOf(List<?> list, Object item) {
    for (int i = list.size() - 1; i >= 0; i--) {
      if (same(list.get(i), item)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && !(a instanceof UnsignedLong)) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  /** CEL ordering of two comparable values; numbers compare across int, uint and double. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (a instanceof Long l && b instanceof Long m) {
        return Long.compare(l, m);
      }
      return Double.compare(toDouble(x), toDouble(y));
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(x.compareTo(y));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.compareTo(y);
    }
    if (a instanceof Comparable x && a.getClass() == b.getClass()) {
      return Integer.signum(x.compareTo(b));
    }
    throw KubeErrors.error(
        "no such overload: " + StringFormatter.typeName(a) + " < " + StringFormatter.typeName(b));
  }

  private static double toDouble(Number n) {
    return n instanceof UnsignedLong u ? u.doubleValue() : n.doubleValue();
  }
}
