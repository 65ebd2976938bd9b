package dev.celador.ratelimit.redis;

import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why the store could not answer, sorted into a few causes an operator acts on differently, with a
 * message that is safe to log: secrets are masked and the length is bounded.
 *
 * @param cause what kind of failure
 * @param message what Redis or the network said
 */
public record StoreFailure(Cause cause, String message) {

  private static final int MAX_MESSAGE = 300;

  /** What an operator checks: credentials, reachability, load, or anything else. */
  public enum Cause {
    /** Redis refused the credentials (WRONGPASS, NOAUTH): fix the password or ACL user. */
    AUTH,
    /** No connection: refused, unresolvable host, TLS handshake, or not yet connected. */
    CONNECT,
    /** Redis did not answer within the timeout. */
    TIMEOUT,
    OTHER;

    /** Lower-case, for log fields and metric labels. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Classifies {@code error}, masking every non-empty string of {@code secrets} in the message. */
  static StoreFailure of(Throwable error, List<String> secrets) {
    Cause cause = Cause.OTHER;
    String first = null;
    String last = null;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        first = first == null ? message : first;
        last = message;
      }
      cause = stronger(cause, classify(t, message));
    }
    String text = first == null ? error.getClass().getSimpleName() : first;
    if (last != null && !last.equals(first) && !first.contains(last)) {
      text = text + ": " + last;
    }
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        text = text.replace(secret, "***");
      }
    }
    text = text.replaceAll("\\s+", " ").strip();
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE) + "...";
    }
    return new StoreFailure(cause, text);
  }

  private static Cause classify(Throwable t, String message) {
    String upper = message == null ? "" : message.toUpperCase(Locale.ROOT);
    if (upper.contains("WRONGPASS")
        || upper.contains("NOAUTH")
        || upper.contains("INVALID PASSWORD")
        || upper.contains("INVALID USERNAME-PASSWORD")) {
      return Cause.AUTH;
    }
    if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
      return Cause.TIMEOUT;
    }
    if (t instanceof ConnectException || t.getClass().getSimpleName().contains("Connection")) {
      return Cause.CONNECT;
    }
    return Cause.OTHER;
  }

  /** AUTH explains a failed connection better than CONNECT does, and both better than OTHER. */
  private static Cause stronger(Cause a, Cause b) {
    return a == Cause.AUTH || b == Cause.OTHER ? a : b == Cause.AUTH || a == Cause.OTHER ? b : a;
  }
}
