package dev.celador.engine.internal.jwt;

import dev.celador.engine.internal.model.HttpOrigin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Fetches JSON documents (JWKS, OIDC discovery) asynchronously: no thread waits on the network,
 * every fetch (redirects included) ends within the timeout, and bodies over the size cap are
 * refused.
 *
 * <p>Redirects are followed here, not by the HTTP client, and only within the origin (scheme, host
 * and port) first asked: an identity provider may move its JWKS to another path, but a redirect
 * must not turn Celador into a client for any host an attacker names (a blind SSRF), nor downgrade
 * https to http. At most {@link #MAX_REDIRECTS} are followed.
 */
final class JwksFetcher {

  static final int MAX_REDIRECTS = 3;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  /** {@code client} must not follow redirects itself ({@link HttpClient.Redirect#NEVER}). */
  JwksFetcher(HttpClient client, Duration timeout, int maxBytes) {
    if (client.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the JWKS client must leave redirects to the fetcher");
    }
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** The body of a 200 response from {@code uri}; fails on any other status, size or time. */
  CompletableFuture<String> get(URI uri) {
    Optional<HttpOrigin> origin = HttpOrigin.of(uri);
    if (origin.isEmpty()) {
      return CompletableFuture.failedFuture(new IOException("not an http(s) URL: " + uri));
    }
    return hop(uri, origin.get(), 0)
        // The request timeout stops at the response headers; this one covers bodies and redirects.
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<String> hop(URI uri, HttpOrigin origin, int redirects) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json, application/jwk-set+json")
            .GET()
            .build();
    return client
        .sendAsync(request, this::body)
        .thenCompose(
            response -> {
              int status = response.statusCode();
              if (REDIRECTS.contains(status)) {
                return hop(redirectTarget(uri, origin, redirects, response), origin, redirects + 1);
              }
              if (status != 200) {
                throw failure("HTTP " + status + " from " + uri);
              }
              if (tooLong(response.headers().firstValueAsLong("content-length"))) {
                throw failure("body larger than " + maxBytes + " bytes from " + uri);
              }
              return CompletableFuture.completedFuture(response.body());
            });
  }

  /** Where a redirect leads, if it stays within {@code origin} and the redirect budget. */
  private static URI redirectTarget(
      URI from, HttpOrigin origin, int redirects, HttpResponse<String> response) {
    String status = "HTTP " + response.statusCode() + " from " + from;
    if (redirects >= MAX_REDIRECTS) {
      throw failure(status + ": more than " + MAX_REDIRECTS + " redirects");
    }
    String location =
        response
            .headers()
            .firstValue("location")
            .orElseThrow(() -> failure(status + " without a Location"));
    URI target;
    try {
      target = from.resolve(location);
    } catch (IllegalArgumentException e) {
      throw failure(status + ": unreadable Location");
    }
    Optional<HttpOrigin> to = HttpOrigin.of(target);
    if (to.isEmpty() || !to.get().equals(origin)) {
      throw failure(
          status
              + ": redirect to "
              + to.map(HttpOrigin::toString).orElse("a non-http(s) URL")
              + " refused, only redirects within "
              + origin
              + " are followed");
    }
    return target;
  }

  private static CompletionException failure(String message) {
    return new CompletionException(new IOException(message));
  }

  private HttpResponse.BodySubscriber<String> body(HttpResponse.ResponseInfo info) {
    OptionalLong length = info.headers().firstValueAsLong("content-length");
    if (info.statusCode() != 200 || tooLong(length)) {
      // Nothing of an error, redirect or oversized body is needed; stop reading at once.
      return HttpResponse.BodySubscribers.replacing("");
    }
    return new CappedBody(maxBytes);
  }

  private boolean tooLong(OptionalLong length) {
    return length.isPresent() && length.getAsLong() > maxBytes;
  }
}
