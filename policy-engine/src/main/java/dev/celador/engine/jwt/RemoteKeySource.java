package dev.celador.engine.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWKS fetched over HTTP, directly or through OIDC discovery, and kept fresh in the background.
 *
 * <ul>
 *   <li>Refresh-ahead: every fetch schedules the next one a refresh interval later, so keys are
 *       renewed before anyone needs them and no request ever waits for a routine refresh.
 *   <li>Unknown key id: a token naming a key the set lacks may start a fetch at once, but only one
 *       fetch runs at a time (single flight) and fetches start at least the minimum interval apart,
 *       so a flood of made-up key ids costs at most one fetch per interval.
 *   <li>Outage tolerance: a failed fetch keeps the previous keys, and is retried after the minimum
 *       interval.
 * </ul>
 */
final class RemoteKeySource implements KeySource {

  private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  private static final Duration STARTUP_RETRY = Duration.ofSeconds(1);

  private final String name;
  private final URI configured;
  private final String discoveryIssuer;
  private final JwksFetcher fetcher;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final JwksOptions options;

  private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();
  private final List<WeakReference<KeySetListener>> listeners = new CopyOnWriteArrayList<>();
  private final CompletableFuture<KeySet> firstFetch = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile KeySet current = KeySet.EMPTY;
  private volatile URI discoveredJwksUri;
  private volatile Instant lastAttempt;
  private volatile Instant lastSuccess;
  private volatile String lastError = "";
  private volatile boolean closed;
  private ScheduledFuture<?> next;

  /**
   * @param discoveryIssuer the issuer whose discovery document names the JWKS, or null when {@code
   *     uri} is the JWKS itself
   */
  RemoteKeySource(
      URI uri,
      String discoveryIssuer,
      JwksFetcher fetcher,
      ScheduledExecutorService scheduler,
      Clock clock,
      JwksOptions options) {
    this.name = discoveryIssuer == null ? uri.toString() : discoveryIssuer;
    this.configured = discoveryIssuer == null ? uri : discoveryUri(discoveryIssuer);
    this.discoveryIssuer = discoveryIssuer;
    this.fetcher = fetcher;
    this.scheduler = scheduler;
    this.clock = clock;
    this.options = options;
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
    if (started.compareAndSet(false, true)) {
      return fetch(true);
    }
    CompletableFuture<KeySet> running = inFlight.get();
    return running != null ? running : fetch(false);
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
        name, fetches.get(), failures.get(), current.size(), lastSuccess, lastError);
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
   * minimum interval ago. Only the thread that wins the compare-and-set reads and writes the time
   * of the last attempt, so the rate limit holds under any concurrency.
   */
  private CompletableFuture<KeySet> fetch(boolean force) {
    CompletableFuture<KeySet> mine = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, mine)) {
      return inFlight.get();
    }
    Instant now = clock.instant();
    Instant last = lastAttempt;
    if (!force && last != null && now.isBefore(last.plus(options.minRefetchInterval()))) {
      inFlight.set(null);
      mine.complete(current);
      return null;
    }
    lastAttempt = now;
    fetches.incrementAndGet();
    CompletableFuture<KeySet> fetched;
    try {
      fetched = jwksUri().thenCompose(fetcher::get).thenApply(this::parse);
    } catch (RuntimeException e) {
      fetched = CompletableFuture.failedFuture(e);
    }
    fetched.whenComplete((keys, error) -> finish(mine, keys, error));
    return mine;
  }

  private void finish(CompletableFuture<KeySet> mine, KeySet keys, Throwable error) {
    if (error == null) {
      current = keys;
      lastSuccess = clock.instant();
      lastError = "";
      notifyListeners(keys);
    } else {
      failures.incrementAndGet();
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      lastError =
          cause instanceof TimeoutException
              ? "timed out after " + options.fetchTimeout().toMillis() + " ms"
              : String.valueOf(cause.getMessage());
      // The JWKS may have moved; read the discovery document again next time.
      discoveredJwksUri = null;
    }
    inFlight.set(null);
    mine.complete(current);
    firstFetch.complete(current);
    scheduleNext(error == null ? options.refreshInterval() : retryDelay());
  }

  /**
   * After a failure: the minimum interval once keys were ever fetched (they keep serving), but only
   * a second while there are none yet, so a slow first fetch at startup does not leave the issuer
   * without keys for long.
   */
  private Duration retryDelay() {
    Duration floor =
        options.fetchTimeout().compareTo(STARTUP_RETRY) > 0
            ? options.fetchTimeout()
            : STARTUP_RETRY;
    Duration usual = options.minRefetchInterval();
    if (lastSuccess == null && usual.compareTo(floor) > 0) {
      return floor;
    }
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
    next = scheduler.schedule(() -> fetch(true), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<URI> jwksUri() {
    if (discoveryIssuer == null) {
      return CompletableFuture.completedFuture(configured);
    }
    URI known = discoveredJwksUri;
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return fetcher.get(configured).thenApply(this::fromDiscovery);
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
      discoveredJwksUri = uri;
      return uri;
    } catch (ParseException | URISyntaxException e) {
      throw new CompletionException(new IOException("unreadable discovery document", e));
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
