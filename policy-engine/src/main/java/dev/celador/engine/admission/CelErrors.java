package dev.celador.engine.admission;

import dev.cel.runtime.CelEvaluationException;

/**
 * Words cel-java's evaluation errors as cel-go (and so kube-apiserver) words the common ones, so
 * denial messages read the same as the API server's.
 */
final class CelErrors {

  private CelErrors() {}

  static String describe(CelEvaluationException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
    message = stripLocation(message);
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("key '") && lower.contains("is not present in map")) {
      return "no such key: " + message.substring(5, message.indexOf('\'', 5));
    }
    if (lower.contains("no such key")) {
      return message.substring(lower.indexOf("no such key"));
    }
    if (lower.contains("division by zero") || lower.contains("/ by zero")) {
      return "division by zero";
    }
    if (lower.contains("modulus by zero")) {
      return "modulus by zero";
    }
    if (lower.startsWith("no matching overload") || lower.contains("found no matching overload")) {
      return "no such overload";
    }
    return message;
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
