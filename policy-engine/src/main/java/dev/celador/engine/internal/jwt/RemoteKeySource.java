package dev.celador.engine.internal.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.celador.engine.api.JwksOptions;
import dev.celador.engine.internal.model.HttpOrigin;
import dev.celador.engine.internal.model.KeySourceSpec;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A JWKS fetched over HTTP, directly or through OIDC discovery, and kept fresh in the background.
 *
 * <ul>
 *   <li>Refresh-ahead: every fetch schedules the next one a refresh interval later, so keys are
 *       renewed before anyone needs them and no request ever waits for a routine refresh.
 *   <li>Unknown key id: a token naming a key the set lacks may start a fetch at once, but only one
 *       fetch runs at a time (single flight) and fetches start at least the minimum interval apart,
 *       so a flood of made-up key ids costs at most one fetch per interval. The requests that wait
 *       for a fetch wait together, and at most the fetch timeout from when the first of them came:
 *       then they are told it timed out and decide with the keys at hand ({@link
 *       #refreshForUnknownKey}); no thread waits for them.
 *   <li>Outage tolerance: a failed fetch keeps the previous keys, and is retried after the minimum
 *       interval. A source that has never had keys retries with exponential back-off ({@link
 *       RetryBackoff}) instead, so a dead or wrong URL is not asked every second forever.
 *   <li>Containment: keys come over https, or plain http only on loopback or where the policy
 *       allows it ({@code allowInsecureHttp}); a discovery document's {@code jwks_uri} must be on
 *       the issuer's host or one the policy lists ({@code jwksHosts}); redirects stay within the
 *       origin ({@link JwksFetcher}). Each is checked before any connection to the URL is made.
 * </ul>
 */
final class RemoteKeySource implements KeySource {

  private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  private static final Duration STARTUP_RETRY = Duration.ofSeconds(1);

  private final String name;
  private final URI configured;
  private final String discoveryIssuer;
  private final KeySourceSpec spec;
  private final Consumer<KeySourceStats> onFailure;
  private final JwksFetcher fetcher;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final JwksOptions options;

  private final AtomicReference<KeyFetchFlight> inFlight = new AtomicReference<>();
  private final List<WeakReference<KeySetListener>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<KeySet> firstFetch = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong keyWaitTimeouts = new AtomicLong();
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private volatile KeySet current = KeySet.EMPTY;
  private volatile URI discoveredJwksUri;
  private volatile Instant lastAttempt;
  private volatile Instant lastSuccess;
  private volatile String lastError = "";
  private volatile Instant nextAttempt;
  private volatile boolean closed;
  private ScheduledFuture<?> next;

  /**
   * @param spec a {@code jwksUri} or {@code discovery} key source, with its fetch rules
   * @param onFailure told about every failed fetch, and every fetch that outlasted the wait of the
   *     requests it would have answered, with the stats after it
   */
  RemoteKeySource(
      KeySourceSpec spec,
      JwksFetcher fetcher,
      ScheduledExecutorService scheduler,
      Clock clock,
      JwksOptions options,
      Consumer<KeySourceStats> onFailure) {
    boolean discovery = spec.kind() == KeySourceSpec.Kind.DISCOVERY;
    this.spec = spec;
    this.name = spec.value();
    this.configured = discovery ? discoveryUri(spec.value()) : URI.create(spec.value());
    this.discoveryIssuer = discovery ? spec.value() : null;
    this.fetcher = fetcher;
    this.scheduler = scheduler;
    this.clock = clock;
    this.options = options;
    this.onFailure = onFailure;
  }

  static URI discoveryUri(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + DISCOVERY_PATH);
  }

  @Override
  public KeySet current() {
    return current;
  }

  @Override
  public void start() {
    if (started.compareAndSet(false, true)) {
      fetch(true);
    }
  }

  @Override
  public CompletableFuture<KeySet> refreshForUnknownKey() {
    if (closed) {
      return null;
    }
    KeyFetchFlight flight;
    if (started.compareAndSet(false, true)) {
      flight = fetch(true);
    } else {
      KeyFetchFlight running = inFlight.get();
      flight = running != null ? running : fetch(false);
    }
    if (flight == null) {
      return null;
    }
    flight.join(scheduler, options.fetchTimeout().toMillis(), () -> waitTimedOut(flight));
    return flight.keys;
  }

  /**
   * The waiters of a fetch slower than the fetch timeout are answered with a timeout, so they
   * decide with the keys at hand (fail closed: an unknown key is 401). The fetch itself goes on and
   * its keys serve later requests.
   */
  private void waitTimedOut(KeyFetchFlight flight) {
    if (flight.expire(timedOut())) {
      lastError = timedOut();
      report();
    }
  }

  private String timedOut() {
    return "timed out after " + options.fetchTimeout().toMillis() + " ms";
  }

  @Override
  public CompletableFuture<KeySet> firstFetch() {
    start();
    return firstFetch;
  }

  @Override
  public void addListener(KeySetListener listener) {
    listeners.add(new WeakReference<>(listener));
  }

  @Override
  public KeySourceStats stats() {
    return new KeySourceStats(
        name,
        fetches.get(),
        failures.get(),
        current.size(),
        lastSuccess,
        lastError,
        nextAttempt,
        keyWaitTimeouts.get());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
  }

  /**
   * Starts a fetch unless one is running or, without {@code force}, one started less than the
   * minimum interval ago (then null). Only the thread that wins the compare-and-set reads and
   * writes the time of the last attempt, so the rate limit holds under any concurrency.
   */
  private KeyFetchFlight fetch(boolean force) {
    KeyFetchFlight mine = new KeyFetchFlight(keyWaitTimeouts);
    if (!inFlight.compareAndSet(null, mine)) {
      return inFlight.get();
    }
    Instant now = clock.instant();
    Instant last = lastAttempt;
    if (!force && last != null && now.isBefore(last.plus(options.minRefetchInterval()))) {
      inFlight.set(null);
      mine.answer(current);
      return null;
    }
    lastAttempt = now;
    fetches.incrementAndGet();
    CompletableFuture<KeySet> fetched;
    try {
      fetched = jwksUri().thenCompose(this::fetchAllowed).thenApply(this::parse);
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    // Finished on the scheduler's thread, whichever thread ended the fetch (the HTTP client's, or
    // the JDK's timer for a timeout): the decisions waiting for the keys go on there.
    fetched.whenCompleteAsync((keys, error) -> finish(mine, keys, error), this::onScheduler);
    return mine;
  }

  private void onScheduler(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException e) {
      task.run(); // closed: still finish, so no waiter is left behind
    }
  }

  private void finish(KeyFetchFlight mine, KeySet keys, Throwable error) {
    if (error == null) {
      current = keys;
      lastSuccess = clock.instant();
      lastError = "";
      failuresInARow.set(0);
      notifyListeners(keys);
    } else {
      failures.incrementAndGet();
      failuresInARow.incrementAndGet();
      Throwable cause = UrlFetchFailure.unwrap(error);
      // The HTTP client's request timeout and the fetch's own fire together; either is a timeout.
      if (cause instanceof UrlFetchFailure failure && failure.timeout()) {
        lastError = timedOut() + " (" + failure.getMessage() + ")";
        // Its waiters waited the whole fetch timeout, whichever timer fired first.
        mine.expire(timedOut());
      } else {
        // A refused connection has no message: "null" in /readyz told nobody anything.
        lastError =
            cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      }
      // The JWKS may have moved; read the discovery document again next time.
      discoveredJwksUri = null;
    }
    inFlight.set(null);
    scheduleNext(error == null ? options.refreshInterval() : retryDelay());
    mine.answer(current);
    firstFetch.complete(current);
    if (error != null) {
      report();
    }
  }

  private void report() {
    try {
      onFailure.accept(stats());
    } catch (RuntimeException e) {
      // Reporting must not stop the keys from refreshing.
    }
  }

  /**
   * After a failure: the minimum interval once keys were ever fetched (they keep serving); while
   * there are none yet, {@link RetryBackoff} from a second (or the fetch timeout, if longer), so a
   * slow first fetch at startup does not leave the issuer without keys for long, and a source that
   * never works is asked less and less often, up to every five minutes.
   */
  private Duration retryDelay() {
    Duration floor =
        options.fetchTimeout().compareTo(STARTUP_RETRY) > 0
            ? options.fetchTimeout()
            : STARTUP_RETRY;
    if (lastSuccess == null) {
      RetryBackoff backoff = new RetryBackoff(floor, RetryBackoff.DEFAULT.cap());
      return backoff.delay(failuresInARow.get(), ThreadLocalRandom.current().nextDouble());
    }
    Duration usual = options.minRefetchInterval();
    return usual.compareTo(floor) > 0 ? usual : floor;
  }

  private void notifyListeners(KeySet keys) {
    for (WeakReference<KeySetListener> reference : listeners) {
      KeySetListener listener = reference.get();
      if (listener == null) {
        listeners.remove(reference);
        continue;
      }
      try {
        listener.keysChanged(this, keys);
      } catch (RuntimeException e) {
        // A listener's failure must not stop the keys from refreshing.
      }
    }
  }

  private synchronized void scheduleNext(Duration delay) {
    if (closed) {
      return;
    }
    if (next != null) {
      next.cancel(false);
    }
    nextAttempt = clock.instant().plus(delay);
    next = scheduler.schedule(() -> fetch(true), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Fetches {@code uri} if its transport is allowed; refused before any connection otherwise, so a
   * policy or discovery document cannot have keys fetched where they could be replaced in transit.
   */
  private CompletableFuture<String> fetchAllowed(URI uri) {
    Optional<HttpOrigin> origin = HttpOrigin.of(uri);
    if (origin.isPresent() && !origin.get().transportAllowed(spec.allowInsecureHttp())) {
      return CompletableFuture.failedFuture(
          new IOException(
              "refusing plain http to "
                  + origin.get().host()
                  + ", which is not loopback: keys could be replaced in transit; use https, or"
                  + " set allowInsecureHttp: true on the issuer"));
    }
    // Which of discovery and JWKS failed, and where: the source's name is only the issuer.
    return fetcher
        .get(uri)
        .exceptionallyCompose(
            error -> CompletableFuture.failedFuture(UrlFetchFailure.of(uri, error)));
  }

  private CompletableFuture<URI> jwksUri() {
    if (discoveryIssuer == null) {
      return CompletableFuture.completedFuture(configured);
    }
    URI known = discoveredJwksUri;
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return fetchAllowed(configured).thenApply(this::fromDiscovery);
  }

  private URI fromDiscovery(String json) {
    try {
      Map<String, Object> document = JSONObjectUtils.parse(json);
      // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer we asked about.
      if (!discoveryIssuer.equals(document.get("issuer"))) {
        throw new CompletionException(
            new IOException("discovery document names a different issuer"));
      }
      if (!(document.get("jwks_uri") instanceof String text)) {
        throw new CompletionException(new IOException("discovery document has no jwks_uri"));
      }
      URI uri = new URI(text);
      if (!uri.isAbsolute()
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new CompletionException(new IOException("jwks_uri is not an http(s) URL"));
      }
      checkJwksHost(uri);
      discoveredJwksUri = uri;
      return uri;
    } catch (ParseException | URISyntaxException e) {
      throw new CompletionException(new IOException("unreadable discovery document", e));
    }
  }

  /**
   * A discovery document may name any URL; confined to the issuer's host and the hosts the policy
   * lists, so whoever controls the document (or a cache in front of it) cannot point Celador at an
   * internal service.
   */
  private void checkJwksHost(URI jwksUri) {
    String host = HttpOrigin.of(jwksUri).map(HttpOrigin::host).orElse("");
    String issuerHost = HttpOrigin.of(configured).map(HttpOrigin::host).orElse("");
    if (!host.equals(issuerHost) && !spec.jwksHosts().contains(host)) {
      throw new CompletionException(
          new IOException(
              "jwks_uri host '"
                  + host
                  + "' is neither the issuer's host '"
                  + issuerHost
                  + "' nor listed in the issuer's jwksHosts"));
    }
  }

  private KeySet parse(String json) {
    try {
      KeySet keys = KeySet.of(JWKSet.parse(json), current, clock.instant());
      if (keys.size() == 0) {
        // An empty set is more likely a broken endpoint than every key revoked: keep the old.
        throw new CompletionException(new IOException("JWKS has no usable keys"));
      }
      return keys;
    } catch (ParseException e) {
      throw new CompletionException(new IOException("unreadable JWKS", e));
    }
  }
}
