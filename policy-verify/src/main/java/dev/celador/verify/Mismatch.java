package dev.celador.verify;

/**
 * One field where a decision differed from a case's expectation. Values are already rendered for
 * display: strings quoted, absent values as {@code (none)}, regular expressions as {@code /re/}.
 *
 * @param field the expectation's field, such as {@code rule} or {@code headers["x-user"]}; prefixed
 *     with {@code request N: } for the N-th request of a sequence
 */
public record Mismatch(String field, String expected, String actual) {

  /** This mismatch as found for request {@code n} of a sequence. */
  public Mismatch inRequest(int n) {
    return new Mismatch("request " + n + ": " + field, expected, actual);
  }

  /** {@code "text"} with quotes and backslashes escaped, as the diff prints strings. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
