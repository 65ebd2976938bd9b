package dev.celador.engine.internal.cel;

import com.google.protobuf.ByteString;
import dev.cel.common.values.CelByteString;
import java.util.Collection;
import java.util.Map;

/**
 * What a call will cost, computed from its arguments before it runs, in cel-go's units (its
 * interpreter's runtime cost and kube-apiserver's library cost): a string traversal costs a tenth
 * of a unit per character, a regex match (1 + string length) / 10 times pattern size / 4, a product
 * for the functions that compare every element with every other. Each charge also names how many
 * characters and list elements the call builds, which the meter caps per evaluation: cel-java
 * copies lists on {@code +}, where cel-go shares them, and converts every element of a list result
 * again, nested ones included (about 0.2 µs each), so a list grown by a loop is quadratic here.
 */
final class CallCosts {

  /** cel-go's {@code StringTraversalCostFactor}. */
  static final double TRAVERSAL = 0.1;

  /** cel-go's {@code RegexStringLengthCostFactor}. */
  static final double REGEX_LENGTH = 0.25;

  /** One pre-charge: cost units, characters built, list elements built (nested ones counted). */
  record Charge(long cost, long characters, long elements) {}

  /** The charge of one overload, from its arguments. */
  @FunctionalInterface
  interface Rule {
    Charge of(Object[] args);
  }

  private CallCosts() {}

  /** The rule for {@code overloadId}, or null when the call is cheap (constant or linear). */
  static Rule rule(String overloadId) {
    return switch (overloadId) {
      case "add_string", "add_bytes" -> a -> build(traversal(size(a[0]) + size(a[1])), sum(a));
      // cel-go: O(1), lists are shared. cel-java copies the list and converts the result again,
      // nested lists included, so a list grown by a loop (map, filter) is quadratic here: it is
      // bounded by what it builds, every nested element counted.
      case "add_list" -> a -> new Charge(1, 0, elements(a[0]) + elements(a[1]));
      case "matches",
          "matches_string",
          "string_find_string",
          "string_find_all_string",
          "string_find_all_string_int" ->
          a -> match(a);
      case "contains_string",
          "string_index_of_string",
          "string_index_of_string_int",
          "string_last_index_of_string",
          "string_last_index_of_string_int" ->
          // Java's search is O(n·m) in the worst case, cel-go charges the same product.
          a -> new Charge(traversal(size(a[0])) * traversal(size(a[1])), 0, 0);
      case "list_join", "list_join_string" -> a -> join(a);
      case "string_split_string", "string_split_string_int" ->
          a -> new Charge(traversal(2 * size(a[0])), size(a[0]), size(a[0]) + 1);
      case "string_replace_string_string", "string_replace_string_string_int" -> a -> replace(a);
      case "string_lower_ascii", "string_upper_ascii", "string_reverse", "string_trim" ->
          a -> build(traversal(size(a[0])), size(a[0]));
      case "strings_quote" -> a -> build(traversal(size(a[0])), 2 * size(a[0]) + 2);
      case "string_format_list" -> a -> build(traversal(all(a)), all(a));
      // cel-go's sets library: each element of one list looked up in the other
      case "list_sets_contains_list", "list_sets_intersects_list" ->
          a -> new Charge(size(a[0]) * size(a[1]), 0, 0);
      case "list_sets_equivalent_list" -> a -> new Charge(2 * size(a[0]) * size(a[1]), 0, 0);
      case "list_flatten", "list_flatten_list_int" -> a -> listOf(deepSize(a[0]), elements(a[0]));
      case "list_distinct" -> a -> listOf(size(a[0]), elements(a[0]));
      case "list_sort", "celador_sort_by_keys" ->
          a -> listOf(size(a[0]) * log2(size(a[0])), elements(a[0]));
      case "list_reverse", "list_slice" -> a -> listOf(size(a[0]), elements(a[0]));
      case "lists_range" -> a -> listOf(count(a[0]), count(a[0]));
      default -> null;
    };
  }

  /** A call building a string of {@code characters}. */
  private static Charge build(long cost, long characters) {
    return new Charge(cost, characters, 0);
  }

  /** A call building a list of {@code elements}, nested ones counted. */
  private static Charge listOf(long cost, long elements) {
    return new Charge(cost, 0, elements);
  }

  /**
   * cel-go charges a match by the pattern's length; RE2's time grows with its program, which a
   * counted repetition makes far longer than the text ({@code x{1000}}), so the larger of the two
   * is charged.
   */
  private static Charge match(Object[] a) {
    long text = (long) Math.ceil((1.0 + size(a[0])) * TRAVERSAL);
    long length = size(a[1]);
    if (a[1] instanceof String regex) {
      length = Math.max(length, RegexSize.estimate(regex, CelLimits.MAX_REGEX_PROGRAM_SIZE));
    }
    long pattern = (long) Math.ceil(length * REGEX_LENGTH);
    return new Charge(text * pattern, 0, 0);
  }

  private static Charge join(Object[] a) {
    long length = deepSize(a[0]);
    if (a.length > 1 && a[0] instanceof Collection<?> list && !list.isEmpty()) {
      length += (long) (list.size() - 1) * size(a[1]);
    }
    // kube-apiserver: twice a traversal of the result
    return build(traversal(2 * length), length);
  }

  private static Charge replace(Object[] a) {
    long text = size(a[0]);
    long from = size(a[1]);
    long to = size(a[2]);
    long times = from == 0 ? text + 1 : text / from;
    if (a.length > 3 && a[3] instanceof Long limit && limit >= 0) {
      times = Math.min(times, limit);
    }
    long result = text + times * Math.max(0, to - from);
    return build(traversal(2 * text) + traversal(result), result);
  }

  /** ceil(size / 10): cel-go's cost of traversing {@code size} characters. */
  static long traversal(long size) {
    return (long) Math.ceil(size * TRAVERSAL);
  }

  private static long sum(Object[] a) {
    return size(a[0]) + size(a[1]);
  }

  private static long all(Object[] a) {
    long total = 0;
    for (Object arg : a) {
      total += deepSize(arg);
    }
    return total;
  }

  private static long log2(long n) {
    return n <= 1 ? 1 : 64 - Long.numberOfLeadingZeros(n);
  }

  private static long count(Object n) {
    return n instanceof Long l ? Math.max(0, l) : 1;
  }

  /** cel-go's {@code actualSize}: the length of a string or bytes, the size of a collection. */
  static long size(Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    if (value instanceof Collection<?> c) {
      return c.size();
    }
    if (value instanceof Map<?, ?> m) {
      return m.size();
    }
    if (value instanceof CelByteString b) {
      return b.size();
    }
    if (value instanceof ByteString b) {
      return b.size();
    }
    return 1;
  }

  /** The elements of a list or map, nested ones included; 1 for anything else. */
  static long elements(Object value) {
    if (value instanceof Collection<?> c) {
      long total = c.size();
      for (Object element : c) {
        if (element instanceof Collection<?> || element instanceof Map<?, ?>) {
          total += elements(element);
        }
      }
      return total;
    }
    if (value instanceof Map<?, ?> m) {
      long total = m.size();
      for (Object element : m.values()) {
        if (element instanceof Collection<?> || element instanceof Map<?, ?>) {
          total += elements(element);
        }
      }
      return total;
    }
    return 1;
  }

  /**
   * The characters and elements a value holds, nested lists and maps included (what formatting or
   * flattening it produces). A list of 256 references to one long string counts the string 256
   * times; the walk is as long as the lists, which earlier charges already bounded.
   */
  static long deepSize(Object value) {
    if (value instanceof Collection<?> c) {
      long total = c.size();
      for (Object element : c) {
        total += deepSize(element);
      }
      return total;
    }
    if (value instanceof Map<?, ?> m) {
      long total = m.size();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        total += deepSize(e.getKey()) + deepSize(e.getValue());
      }
      return total;
    }
    return size(value);
  }
}
