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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

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
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

  private static final LuaScript ACQUIRE = LuaScript.load("gcra-acquire.lua");
  private static final LuaScript REFUND = LuaScript.load("gcra-refund.lua");
  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Counters for metrics: checks sent, checks that failed, and whether Redis is reachable. */
  public record Stats(long checks, long failures, boolean connected) {}

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

  private RedisRateLimitStore(RedisStoreConfig config) {
    this.config = config;
    this.keys = new RedisKeys(config.keyPrefix());
    this.uri = RedisURI.create(config.url());
    config.username().ifPresent(uri::setUsername);
    config.password().ifPresent(uri::setPassword);
    uri.setTimeout(config.timeout());
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
    RedisRateLimitStore store = new RedisRateLimitStore(config);
    store.connectSoon();
    return store;
  }

  @Override
  public CompletableFuture<GcraResult> acquire(BucketKey bucket, GcraRate rate) {
    checks.increment();
    StatefulRedisConnection<String, String> redis = connection();
    if (redis == null) {
      failures.increment();
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
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
                failures.increment();
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
              failures.increment();
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
    return new Stats(checks.sum(), failures.sum(), isConnected());
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
                connection.set(redis);
              } else {
                int failed = Math.min(failedConnects.incrementAndGet(), 20);
                long backoff =
                    Math.min(FIRST_RETRY_NANOS << failed, config.maxReconnectDelay().toNanos());
                nextConnectAt = System.nanoTime() + backoff;
              }
              connecting.set(false);
            });
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
