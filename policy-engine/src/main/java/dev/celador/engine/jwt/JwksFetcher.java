package dev.celador.engine.jwt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Fetches JSON documents (JWKS, OIDC discovery) asynchronously: no thread waits on the network,
 * every request ends within the timeout, and bodies over the size cap are refused.
 */
final class JwksFetcher {

  private final HttpClient client;
  private final Duration timeout;
  private final int maxBytes;

  JwksFetcher(HttpClient client, Duration timeout, int maxBytes) {
    this.client = client;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /** The body of a 200 response from {@code uri}; fails on any other status, size or time. */
  CompletableFuture<String> get(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json, application/jwk-set+json")
            .GET()
            .build();
    return client
        .sendAsync(request, this::body)
        // The request timeout stops at the response headers; this one covers the body too.
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new CompletionException(
                    new IOException("HTTP " + response.statusCode() + " from " + uri));
              }
              if (tooLong(response.headers().firstValueAsLong("content-length"))) {
                throw new CompletionException(
                    new IOException("body larger than " + maxBytes + " bytes from " + uri));
              }
              return response.body();
            });
  }

  private HttpResponse.BodySubscriber<String> body(HttpResponse.ResponseInfo info) {
    OptionalLong length = info.headers().firstValueAsLong("content-length");
    if (info.statusCode() != 200 || tooLong(length)) {
      // Nothing of an error or oversized body is needed; stop reading at once.
      return HttpResponse.BodySubscribers.replacing("");
    }
    return new CappedBody(maxBytes);
  }

  private boolean tooLong(OptionalLong length) {
    return length.isPresent() && length.getAsLong() > maxBytes;
  }
}
