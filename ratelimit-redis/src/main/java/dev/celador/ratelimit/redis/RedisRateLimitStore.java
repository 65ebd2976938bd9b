package dev.celador.ratelimit.redis;

import dev.celador.engine.ratelimit.BucketKey;
import dev.celador.engine.ratelimit.GcraRate;
import dev.celador.engine.ratelimit.GcraResult;
import dev.celador.engine.ratelimit.RateLimitStore;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * GCRA buckets shared through Redis. One check is one {@code EVALSHA} of a Lua script that reads
 * Redis's clock, decides and spends atomically, so replicas never race and their clocks never
 * matter. Checks from all threads share one Lettuce connection, pipelined.
 *
 * <p>Never blocks a caller: while Redis is unreachable every check fails at once (commands are
 * rejected, not queued), a check in flight fails after the timeout, and the limit's failureMode
 * decides. The store reconnects by itself, with backoff capped at {@link
 * RedisStoreConfig#maxReconnectDelay()}, including when Redis was down at startup. A restarted
 * Redis has forgotten the scripts; the first check then falls back to {@code EVAL}, which loads it.
 *
 * <p>Never silent: every failed connection attempt and check is counted by cause and handed to the
 * {@link #onFailure} listener (serve logs them, rate-limited), and {@link #stats()} says whether
 * Redis is reachable and why not.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

  private static final LuaScript ACQUIRE = LuaScript.load("gcra-acquire.lua");
  private static final LuaScript REFUND = LuaScript.load("gcra-refund.lua");
  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * Counters for metrics and readiness.
   *
   * @param checks checks sent
   * @param failures checks and refunds that failed
   * @param connected whether a connection to Redis is open
   * @param lastFailure the latest failure of a connection attempt or check, null once a check
   *     succeeded after it
   */
  public record Stats(long checks, long failures, boolean connected, StoreFailure lastFailure) {}

  private final RedisStoreConfig config;
  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final RedisKeys keys;
  private final AtomicReference<StatefulRedisConnection<String, String>> connection =
      new AtomicReference<>();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final AtomicInteger failedConnects = new AtomicInteger();
  private volatile long nextConnectAt = System.nanoTime();
  private final LongAdder checks = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final Map<StoreFailure.Cause, LongAdder> failuresByCause =
      new EnumMap<>(StoreFailure.Cause.class);
  private final List<String> secrets;
  private volatile StoreFailure lastFailure;
  private volatile StoreFailure lastConnectFailure;
  private volatile Consumer<StoreFailure> onFailure = failure -> {};

  private RedisRateLimitStore(RedisStoreConfig config) {
    this.config = config;
    this.keys = new RedisKeys(config.keyPrefix());
    this.uri = RedisURI.create(config.url());
    config.username().ifPresent(uri::setUsername);
    config.password().ifPresent(uri::setPassword);
    uri.setTimeout(config.timeout());
    for (StoreFailure.Cause cause : StoreFailure.Cause.values()) {
      failuresByCause.put(cause, new LongAdder());
    }
    this.secrets = secrets(config, uri);
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(config.timeout()))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(config.timeout().multipliedBy(10))
                    .keepAlive(true)
                    .build())
            .build());
  }

  /** A store for {@code config}; it starts connecting in the background and never throws. */
  public static RedisRateLimitStore start(RedisStoreConfig config) {
    return start(config, failure -> {});
  }

  /**
   * As {@link #start(RedisStoreConfig)}, reporting failures from the first connection attempt on.
   */
  public static RedisRateLimitStore start(
      RedisStoreConfig config, Consumer<StoreFailure> onFailure) {
    RedisRateLimitStore store = new RedisRateLimitStore(config);
    store.onFailure(onFailure);
    store.connectSoon();
    return store;
  }

  @Override
  public CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate) {
    checks.increment();
    StatefulRedisConnection<String, String> redis = connection();
    if (redis == null) {
      StoreFailure why = lastConnectFailure;
      StoreFailure failure =
          why == null
              ? new StoreFailure(StoreFailure.Cause.CONNECT, "not connected to Redis yet")
              : new StoreFailure(why.cause(), "not connected to Redis: " + why.message());
      failed(failure);
      return CompletableFuture.failedFuture(new IllegalStateException(failure.message()));
    }
    String[] args = {Long.toString(rate.intervalMicros()), Long.toString(rate.burst())};
    CompletableFuture<List<Object>> reply =
        run(redis, ACQUIRE, ScriptOutputType.MULTI, keys.of(bucket), args);
    return reply
        .thenApply(RedisRateLimitStore::toResult)
        .orTimeout(config.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (result, error) -> {
              if (error != null) {
                failed(StoreFailure.of(error, secrets));
              } else if (lastFailure != null) {
                lastFailure = null;
              }
            });
  }

  @Override
  public void refund(BucketKey bucket, GcraRate rate) {
    StatefulRedisConnection<String, String> redis = connection();
    if (redis == null) {
      return; // the bucket stays stricter than it should, by one request, until it drains
    }
    CompletableFuture<Long> done =
        run(
            redis,
            REFUND,
            ScriptOutputType.INTEGER,
            keys.of(bucket),
            Long.toString(rate.intervalMicros()));
    done.orTimeout(config.timeout().toNanos(), TimeUnit.NANOSECONDS)
        .exceptionally(
            error -> {
              failed(StoreFailure.of(error, secrets));
              return 0L;
            });
  }

  /** Waits up to {@code timeout} for the first connection; for startup checks and tests. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isConnected()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      connectSoon();
      Thread.sleep(5);
    }
    return true;
  }

  public boolean isConnected() {
    StatefulRedisConnection<String, String> redis = connection.get();
    return redis != null && redis.isOpen();
  }

  public Stats stats() {
    return new Stats(checks.sum(), failures.sum(), isConnected(), lastFailure);
  }

  /** Failed checks, refunds and connection attempts with {@code cause}, for metrics. */
  public long failures(StoreFailure.Cause cause) {
    return failuresByCause.get(cause).sum();
  }

  /**
   * Tells {@code listener} about every failure, on the thread that saw it; it must be quick (it may
   * run on a Redis I/O thread or a request thread). Replaces the previous listener.
   */
  public void onFailure(Consumer<StoreFailure> listener) {
    onFailure = listener;
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> redis = connection.getAndSet(null);
    if (redis != null) {
      redis.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "RedisRateLimitStore[" + config + "]";
  }

  /** The connection once made (Lettuce then reconnects it by itself), else null. */
  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> redis = connection.get();
    if (redis == null) {
      connectSoon();
    }
    return redis;
  }

  /** Starts one connection attempt unless one is running or the backoff has not passed. */
  private void connectSoon() {
    if (connection.get() != null
        || System.nanoTime() - nextConnectAt < 0
        || !connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(StringCodec.UTF8, uri)
        .whenComplete(
            (redis, error) -> {
              if (redis != null) {
                failedConnects.set(0);
                lastConnectFailure = null;
                connection.set(redis);
              } else {
                StoreFailure failure = StoreFailure.of(error, secrets);
                lastConnectFailure = failure;
                failuresByCause.get(failure.cause()).increment();
                lastFailure = failure;
                report(failure);
                int failed = Math.min(failedConnects.incrementAndGet(), 20);
                long backoff =
                    Math.min(FIRST_RETRY_NANOS << failed, config.maxReconnectDelay().toNanos());
                nextConnectAt = System.nanoTime() + backoff;
              }
              connecting.set(false);
            });
  }

  /** A check or refund that failed: counted, kept for {@link #stats()} and reported. */
  private void failed(StoreFailure failure) {
    failures.increment();
    failuresByCause.get(failure.cause()).increment();
    lastFailure = failure;
    report(failure);
  }

  private void report(StoreFailure failure) {
    try {
      onFailure.accept(failure);
    } catch (RuntimeException e) {
      // A broken listener must not turn into a failed check.
    }
  }

  /** The password from the settings or the URL, so no failure message can carry it. */
  @SuppressWarnings("deprecation") // getPassword: the URL's password, however the URI was built
  private static List<String> secrets(RedisStoreConfig config, RedisURI uri) {
    List<String> secrets = new ArrayList<>();
    config.password().ifPresent(p -> secrets.add(new String(p)));
    if (uri.getPassword() != null) {
      secrets.add(new String(uri.getPassword()));
    }
    return List.copyOf(secrets);
  }

  private static <T> CompletableFuture<T> run(
      StatefulRedisConnection<String, String> redis,
      LuaScript script,
      ScriptOutputType type,
      String key,
      String... args) {
    String[] keys = {key};
    CompletableFuture<T> sent =
        redis.async().<T>evalsha(script.sha1(), type, keys, args).toCompletableFuture();
    return sent.exceptionallyCompose(
        error ->
            isNoScript(error)
                ? redis.async().<T>eval(script.source(), type, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(error));
  }

  private static boolean isNoScript(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RedisNoScriptException
        || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
  }

  private static GcraResult toResult(List<Object> reply) {
    long admitted = (Long) reply.get(0);
    long remaining = (Long) reply.get(1);
    long retryAfterNanos = (Long) reply.get(2) * 1_000;
    long resetAfterNanos = (Long) reply.get(3) * 1_000;
    return admitted == 1
        ? GcraResult.admitted(remaining, resetAfterNanos)
        : GcraResult.denied(retryAfterNanos, resetAfterNanos);
  }
}
