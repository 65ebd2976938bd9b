package dev.celador.engine.verify;

import java.util.Set;
import java.util.TreeSet;

/**
 * How often a case sends its request, and which of those requests must be rate limited.
 *
 * <p>Request {@code i} (1-based) must be refused with 429 when {@code i} is in {@code limited};
 * every other request must meet the case's {@code expect}. Without rate-limit policies no request
 * is ever limited, so {@code limited} only passes once RateLimitPolicy decides.
 *
 * @param repeat how many times the request is sent, at least 1
 * @param limited 1-based numbers of the requests that must be rate limited
 */
public record RequestSequence(int repeat, Set<Integer> limited) {

  /** One request, not limited: the usual case. */
  public static final RequestSequence ONCE = new RequestSequence(1, Set.of());

  /** The HTTP status of a rate-limited request. */
  public static final int TOO_MANY_REQUESTS = 429;

  public RequestSequence {
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
    limited = Set.copyOf(new TreeSet<>(limited));
  }

  public boolean isLimited(int request) {
    return limited.contains(request);
  }
}
