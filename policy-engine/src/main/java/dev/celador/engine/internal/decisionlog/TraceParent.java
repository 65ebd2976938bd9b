package dev.celador.engine.internal.decisionlog;

/**
 * The trace and parent span ids of a W3C Trace Context {@code traceparent} header, for correlating
 * a decision-log line with the caller's trace.
 *
 * @param traceId 32 lower-case hex digits, not all zero
 * @param spanId 16 lower-case hex digits, not all zero (the caller's span)
 * @param sampled the caller's sampled flag (bit 0 of trace-flags): a span Celador records for this
 *     request follows it, like Envoy's ext_authz span does
 */
public record TraceParent(String traceId, String spanId, boolean sampled) {

  /** The header's name, lower-case as request headers are held. */
  public static final String HEADER = "traceparent";

  private static final int LENGTH = 55; // 2 + 1 + 32 + 1 + 16 + 1 + 2

  /**
   * The ids of {@code header}, or null when it is absent or malformed: a bad header from a client
   * must never fail a request or a log line, it is only left out (as the W3C spec asks: start a new
   * trace rather than reject).
   */
  public static TraceParent parse(String header) {
    if (header == null || header.length() < LENGTH) {
      return null;
    }
    String version = header.substring(0, 2);
    // Version 00 has exactly four fields; a later version may append fields after a dash.
    boolean shapeOk =
        "00".equals(version)
            ? header.length() == LENGTH
            : header.length() == LENGTH || header.charAt(LENGTH) == '-';
    if (!shapeOk
        || "ff".equals(version)
        || !hex(header, 0, 2)
        || header.charAt(2) != '-'
        || !hex(header, 3, 35)
        || header.charAt(35) != '-'
        || !hex(header, 36, 52)
        || header.charAt(52) != '-'
        || !hex(header, 53, 55)
        || zeros(header, 3, 35)
        || zeros(header, 36, 52)) {
      return null;
    }
    boolean sampled = (Character.digit(header.charAt(54), 16) & 1) == 1;
    return new TraceParent(header.substring(3, 35), header.substring(36, 52), sampled);
  }

  private static boolean hex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
