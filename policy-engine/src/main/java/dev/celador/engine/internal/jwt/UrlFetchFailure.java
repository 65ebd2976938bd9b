package dev.celador.engine.internal.jwt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * A fetch of one URL that failed, named with the URL: a key source reading discovery and then a
 * JWKS fetches two, and "ConnectException" alone said neither which nor why ({@code celador eval},
 * {@code /readyz}).
 */
final class UrlFetchFailure extends IOException {

  private final boolean timeout;

  private UrlFetchFailure(String message, Throwable cause, boolean timeout) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** {@code error} (as a future fails with it) while fetching {@code uri}, with the URL named. */
  static UrlFetchFailure of(URI uri, Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof UrlFetchFailure known) {
      return known;
    }
    boolean timeout = cause instanceof TimeoutException || cause instanceof HttpTimeoutException;
    String why = why(cause);
    String message = why.contains(uri.toString()) ? why : "GET " + uri + ": " + why;
    return new UrlFetchFailure(message, cause, timeout);
  }

  /** The request or the fetch as a whole outlasted the fetch timeout. */
  boolean timeout() {
    return timeout;
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /**
   * Our own failures (a status, a refused redirect) as they are; others as the exception's name and
   * the first message along its causes: the HTTP client's refused connection is a {@code
   * ConnectException} with no message of its own.
   */
  private static String why(Throwable error) {
    if (error.getClass() == IOException.class && error.getMessage() != null) {
      return error.getMessage();
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return error.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return error instanceof ConnectException
        ? "ConnectException: could not connect (refused, or no route to the host)"
        : error.getClass().getSimpleName();
  }
}
