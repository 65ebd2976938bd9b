package dev.celador.engine.internal.admission;

import dev.cel.common.exceptions.CelAttributeNotFoundException;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words cel-java's evaluation errors as cel-go (and so kube-apiserver) words them, so denial
 * messages read the same as the API server's. Each rule was checked against a real kube-apiserver
 * by the VAP differential corpus in conformance-tests.
 */
final class CelErrors {

  private record Rule(Pattern pattern, Function<Matcher, String> wording) {}

  private static Rule rule(String regex, Function<Matcher, String> wording) {
    return new Rule(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), wording);
  }

  private static final List<Rule> RULES =
      List.of(
          rule("^composited variable .*", m -> m.group()),
          rule("^key '(.*)' is not present in map\\.?$", m -> "no such key: " + m.group(1)),
          rule(".*(no such key.*)", m -> m.group(1)),
          rule(".*modulus by zero.*", m -> "modulus by zero"),
          rule(".*(division by zero|/ by zero).*", m -> "division by zero"),
          rule(".*(no matching overload|found no matching overload).*", m -> "no such overload"),
          rule("^(long overflow|integer overflow)$", m -> "integer overflow"),
          rule("^index out of bounds: (-?\\d+)$", m -> "index out of bounds: " + m.group(1)),
          rule(
              "^For input string: .*|^Invalid (long|int).*",
              m -> "type conversion error from 'string' to 'int'"),
          rule(
              "^Too large for unsigned long.*|^Illegal leading minus sign.*",
              m -> "type conversion error from 'string' to 'uint'"),
          rule("^No value present$", m -> "optional.none() dereference"),
          rule(
              "^(List is length \\d+|Start index must be less than or equal to end index)$",
              m -> null),
          rule("^Level must be non-negative$", m -> "level must be non-negative"),
          rule(
              "^List elements must have the same type$",
              m -> "list elements must have the same type"),
          rule(
              "^(?:evaluation error: )?charAt failure: Index out of range: (-?\\d+)$",
              m -> "index out of range: " + m.group(1)),
          rule(
              "^(?:evaluation error: )?substring failure: Range \\[(-?\\d+), (-?\\d+)\\) out of bounds$",
              CelErrors::substring),
          rule(
              "^insert failed: key '(.*)' already exists$",
              m -> "insert failed: key " + m.group(1) + " already exists"));

  private CelErrors() {}

  static String describe(CelEvaluationException e) {
    return describe(e, null);
  }

  /**
   * The cel-go wording of {@code e}; {@code expression} (when known) tells a modulus from a
   * division, which Java reports alike.
   */
  static String describe(CelEvaluationException e, String expression) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = stripLocation(root.getMessage() != null ? root.getMessage() : e.getMessage());
    if (root instanceof CelAttributeNotFoundException && !message.contains(" ")) {
      return "no such key: " + message; // a map index: cel-java names only the key
    }
    if (message.toLowerCase(Locale.ROOT).contains("by zero")
        && expression != null
        && '%' == charAt(expression, offset(e.getMessage()))) {
      return "modulus by zero";
    }
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(message);
      if (m.matches()) {
        String worded = r.wording().apply(m);
        if (worded != null) {
          return worded;
        }
        return slice(e, message);
      }
    }
    return message;
  }

  /** cel-go: start after end is a range error; an index past the end names that index. */
  private static String substring(Matcher m) {
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (start > end) {
      return "invalid substring range. start: " + start + ", end: " + end;
    }
    return "index out of range: " + (start < 0 ? start : end);
  }

  /** "cannot slice(1, 3), list is length 2", with the arguments from cel-java's outer message. */
  private static String slice(CelEvaluationException e, String message) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher args =
          Pattern.compile("Function 'slice' failed with arg\\(s\\) '\\[.*\\], (-?\\d+), (-?\\d+)'")
              .matcher(String.valueOf(t.getMessage()));
      if (args.find()) {
        return "cannot slice("
            + args.group(1)
            + ", "
            + args.group(2)
            + "), "
            + message.substring(0, 1).toLowerCase(Locale.ROOT)
            + message.substring(1);
      }
    }
    return message;
  }

  /** The 0-based offset cel-java reports as "evaluation error at <input>:N:", or -1. */
  private static int offset(String message) {
    Matcher m =
        Pattern.compile("^evaluation error at [^:]*:(\\d+):").matcher(String.valueOf(message));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static char charAt(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : 0;
  }

  /** cel-java prefixes "evaluation error at <input>:N: "; cel-go does not. */
  private static String stripLocation(String message) {
    String m = message;
    if (m.startsWith("evaluation error")) {
      int colon = m.indexOf(": ");
      if (colon >= 0) {
        m = m.substring(colon + 2);
      }
    }
    return m;
  }
}
