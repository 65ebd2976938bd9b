package dev.celador.ratelimit.redis;

import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import dev.celador.engine.internal.ratelimit.RateLimitStore;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * GCRA buckets shared through Redis. The limits of one request are checked by a Lua script that
 * reads Redis's clock, decides and spends atomically (all-or-nothing), so replicas never race and
 * their clocks never matter; under load one script run carries the checks of many requests ({@link
 * CheckBatcher}). Checks from all threads share one Lettuce connection, pipelined; with a Redis
 * Cluster, one per master, and a request's limits are grouped by hash slot ({@link #group}), one
 * script per slot.
 *
 * <p>Busy buckets of 1,000 requests per second or more are leased ({@link Leases}): one script
 * spends a few of their tokens ahead, and this replica admits that many requests itself, never more
 * than Redis spent.
 *
 * <p>Never blocks a caller: while Redis is unreachable every check fails at once (commands are
 * rejected, not queued); a check in flight fails after the timeout, from a timer, and the limit's
 * failureMode decides. The script was sent, though, and may still run: its reply is still read for
 * {@link #LATE_REPLY_WINDOW} and handed to the caller ({@link StoreTimeoutException}), which
 * refunds it if the request was denied. The store reconnects by itself, with backoff capped at
 * {@link RedisStoreConfig#maxReconnectDelay()}, including when Redis was down at startup. A
 * restarted Redis has forgotten the scripts; the first check then falls back to {@code EVAL}, which
 * loads it.
 *
 * <p>Never silent: every failed connection attempt and check is counted by cause and handed to the
 * {@link #onFailure} listener (serve logs them, rate-limited), and {@link #stats()} says whether
 * Redis is reachable and why not.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

  /**
   * How long a reply is still read after its check timed out, so that what the script spent can be
   * settled: a stall longer than this leaves late-spent buckets stricter than they should be.
   */
  static final Duration LATE_REPLY_WINDOW = Duration.ofSeconds(10);

  private static final LuaScript ACQUIRE = LuaScript.load("gcra-acquire-batch.lua");
  private static final LuaScript REFUND = LuaScript.load("gcra-refund.lua");
  private static final LuaScript LEASE = LuaScript.load("gcra-lease.lua");

  /** The timeouts' resolution: a 50 ms timeout fires after 50 to 55 ms. */
  private static final long TIMER_TICK_MILLIS = 5;

  /** How long closing waits for unused leased tokens to be given back. */
  private static final long RETURN_ON_CLOSE_MILLIS = 500;

  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * Counters for metrics and readiness.
   *
   * @param checks checks sent to Redis (or failed for want of a connection)
   * @param leased checks admitted from leases, without a round trip; never counted in {@code
   *     checks}, so each is a monotonic counter
   * @param failures checks, refunds and lease scripts that failed
   * @param connected whether a connection to Redis is open
   * @param lastFailure the latest failure of a connection attempt or check, null once a check
   *     succeeded after it
   */
  public record Stats(
      long checks, long leased, long failures, boolean connected, StoreFailure lastFailure) {}

  private final RedisStoreConfig config;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final Supplier<CompletableFuture<ScriptConnection>> connect;
  private final RedisKeys keys;
  private final AtomicReference<ScriptConnection> connection = new AtomicReference<>();
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
  // Times checks out. A JDK scheduled executor wakes its thread on nearly every schedule when
  // checks are answered within their timeout, one wake-up per check: a wheel ticks instead.
  private final HashedWheelTimer timer =
      new HashedWheelTimer(
          runnable -> {
            Thread thread = new Thread(runnable, "celador-redis-timeouts");
            thread.setDaemon(true);
            return thread;
          },
          TIMER_TICK_MILLIS,
          TimeUnit.MILLISECONDS);
  // Checks go through batchers: one for a single server, one per hash slot of a cluster.
  private final CheckBatcher single;
  private final Map<Integer, CheckBatcher> slotBatchers = new ConcurrentHashMap<>();
  // Null when leases are off.
  private final Leases leases;

  private RedisRateLimitStore(RedisStoreConfig config) {
    this.config = config;
    this.keys = new RedisKeys(config.keyPrefix());
    this.single = newBatcher();
    this.leases = config.leases() ? new Leases(this::lease, this::giveBack, timer) : null;
    List<RedisURI> uris = new ArrayList<>();
    // A Sentinel URL's commas separate sentinels: Lettuce reads it whole, and asks them for the
    // master on every (re)connection, so a failover's reconnect finds the promoted replica.
    String[] nodes =
        RedisStoreConfig.isSentinel(config.url())
            ? new String[] {config.url()}
            : config.url().split(",");
    for (String node : nodes) {
      RedisURI uri = RedisURI.create(node.strip());
      config.username().ifPresent(uri::setUsername);
      config.password().ifPresent(uri::setPassword);
      uri.setTimeout(LATE_REPLY_WINDOW);
      uris.add(uri);
    }
    for (StoreFailure.Cause cause : StoreFailure.Cause.values()) {
      failuresByCause.put(cause, new LongAdder());
    }
    this.secrets = secrets(config, uris);
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .build();
    // Lettuce's own timeout is the late-reply window; the check's timeout is ours (acquireAll).
    TimeoutOptions timeouts = TimeoutOptions.enabled(LATE_REPLY_WINDOW);
    SocketOptions socket =
        SocketOptions.builder()
            .connectTimeout(config.timeout().multipliedBy(10))
            .keepAlive(true)
            .build();
    if (config.cluster()) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
      cluster.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              // A failover moves slots to a promoted replica: MOVED replies and broken links
              // trigger a refresh at once, the periodic one catches anything else.
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enableAllAdaptiveRefreshTriggers()
                      .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                      .enablePeriodicRefresh(Duration.ofSeconds(5))
                      .build())
              .build());
      this.client = cluster;
      // The async connect needs the topology first (the sync one fetches it itself, blocking).
      this.connect =
          () ->
              cluster
                  .refreshPartitionsAsync()
                  .toCompletableFuture()
                  .thenCompose(topology -> cluster.connectAsync(StringCodec.UTF8))
                  .thenApply(ScriptConnection::of);
    } else {
      RedisClient single = RedisClient.create(resources);
      single.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
              .timeoutOptions(timeouts)
              .socketOptions(socket)
              .build());
      this.client = single;
      RedisURI uri = uris.get(0);
      this.connect =
          RedisStoreConfig.isSentinel(config.url())
              // A planned failover leaves the old master writable until the sentinels demote it
              // (their next INFO, seconds later): a plain connection would keep counting there,
              // on buckets the resync then discards. The master-replica connection listens to
              // the sentinels' +switch-master and moves its writes at once.
              ? () ->
                  MasterReplica.connectAsync(single, StringCodec.UTF8, uri)
                      .toCompletableFuture()
                      .thenApply(ScriptConnection::of)
              : () ->
                  single
                      .connectAsync(StringCodec.UTF8, uri)
                      .toCompletableFuture()
                      .thenApply(ScriptConnection::of);
    }
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

  /** With a cluster, the hash slot of the bucket: one script can only touch keys of one slot. */
  @Override
  public int group(BucketKey bucket) {
    return config.cluster() ? SlotHash.getSlot(keys.of(bucket)) : 0;
  }

  @Override
  public CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> batch) {
    String[] bucketKeys = new String[batch.size()];
    for (int i = 0; i < bucketKeys.length; i++) {
      bucketKeys[i] = keys.of(batch.get(i).bucket());
    }
    if (leases != null) {
      // Tokens leased earlier were spent in Redis already: whatever Redis does now.
      List<GcraResult> leased = leases.admit(bucketKeys, batch);
      if (leased != null) {
        return CompletableFuture.completedFuture(leased);
      }
    }
    checks.add(batch.size());
    ScriptConnection redis = connection();
    if (redis == null) {
      StoreFailure why = lastConnectFailure;
      StoreFailure failure =
          why == null
              ? new StoreFailure(StoreFailure.Cause.CONNECT, "not connected to Redis yet")
              : new StoreFailure(why.cause(), "not connected to Redis: " + why.message());
      failed(failure, batch.size());
      return CompletableFuture.failedFuture(new IllegalStateException(failure.message()));
    }
    CheckBatcher batcher =
        config.cluster()
            ? slotBatchers.computeIfAbsent(SlotHash.getSlot(bucketKeys[0]), slot -> newBatcher())
            : single;
    return batcher
        .submit(bucketKeys, CheckBatcher.rates(batch))
        .whenComplete(
            (results, error) -> {
              if (error != null) {
                failed(StoreFailure.of(error, secrets), batch.size());
              } else if (lastFailure != null) {
                lastFailure = null;
              }
            });
  }

  private CheckBatcher newBatcher() {
    return new CheckBatcher(
        (scriptKeys, args) -> {
          ScriptConnection redis = connection.get();
          if (redis == null) {
            return CompletableFuture.failedFuture(
                new IllegalStateException("not connected to Redis"));
          }
          return run(redis, ACQUIRE, ScriptOutputType.MULTI, scriptKeys, args);
        },
        config.timeout(),
        timer);
  }

  @Override
  public void refund(BucketKey bucket, GcraRate rate) {
    refund(keys.of(bucket), rate.intervalMicros());
  }

  /**
   * Gives {@code micros} (requests × their interval) back to a bucket, best effort; the future
   * completes (never exceptionally) when Redis answered.
   */
  private CompletableFuture<Long> refund(String key, long micros) {
    ScriptConnection redis = connection();
    if (redis == null) {
      // The bucket stays stricter than it should, by what was given back, until it drains.
      return CompletableFuture.completedFuture(0L);
    }
    CompletableFuture<Long> done =
        run(redis, REFUND, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(micros));
    return done.exceptionally(
        error -> {
          failed(StoreFailure.of(error, secrets), 1);
          return 0L;
        });
  }

  /** Runs gcra-lease.lua for {@code want}: {granted tokens, reset}. */
  private CompletableFuture<List<Object>> lease(Leases.Want want) {
    ScriptConnection redis = connection.get();
    if (redis == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
    }
    Leases.Bucket bucket = want.bucket();
    CompletableFuture<List<Object>> reply =
        run(
            redis,
            LEASE,
            ScriptOutputType.MULTI,
            new String[] {bucket.key()},
            Long.toString(bucket.intervalMicros()),
            Long.toString(bucket.burst()),
            Long.toString(want.tokens()));
    // No timeout of ours: while a lease is pending the bucket's requests take the exact path,
    // whose checks do time out; Lettuce gives up on the reply after LATE_REPLY_WINDOW.
    return reply.whenComplete(
        (r, error) -> {
          if (error != null) {
            failed(StoreFailure.of(error, secrets), 1);
          } else if (lastFailure != null) {
            lastFailure = null; // a busy leased bucket may send no check for a long time
          }
        });
  }

  private CompletableFuture<Long> giveBack(Leases.Bucket bucket, long tokens) {
    return refund(bucket.key(), tokens * bucket.intervalMicros());
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

  /**
   * Waits up to {@code timeout} until checks can run at full speed: connected, and the scripts
   * loaded (on every master of a cluster, whose connections this opens). For readiness: a replica
   * that reports ready while still connecting answers its first checks with failureMode's answer.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (awaitConnected(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
      ScriptConnection redis = connection.get();
      if (redis == null) {
        continue;
      }
      try {
        redis
            .scripts()
            .scriptLoad(ACQUIRE.source())
            .thenCompose(sha -> redis.scripts().scriptLoad(REFUND.source()))
            .thenCompose(sha -> redis.scripts().scriptLoad(LEASE.source()))
            .toCompletableFuture()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return true;
      } catch (ExecutionException e) {
        Thread.sleep(20); // e.g. a cluster still electing: try again within the deadline
      } catch (TimeoutException e) {
        return false;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
    }
    return false;
  }

  public boolean isConnected() {
    ScriptConnection redis = connection.get();
    return redis != null && redis.isOpen();
  }

  public Stats stats() {
    return new Stats(
        checks.sum(),
        leases == null ? 0 : leases.admitted(),
        failures.sum(),
        isConnected(),
        lastFailure);
  }

  /**
   * Lease activity for metrics: scripts sent, tokens granted, unused tokens given back; zeros when
   * leases are off.
   */
  public LeaseStats leaseStats() {
    return leases == null
        ? new LeaseStats(0, 0, 0)
        : new LeaseStats(leases.scripts(), leases.granted(), leases.returned());
  }

  /** Buckets the leases track now, for tests: each is forgotten once idle. */
  int leaseBuckets() {
    return leases == null ? 0 : leases.tracked();
  }

  /**
   * @param scripts lease scripts sent
   * @param granted tokens Redis granted to leases
   * @param returned unused tokens given back to Redis
   */
  public record LeaseStats(long scripts, long granted, long returned) {}

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
    if (leases != null) {
      try { // unused tokens go back before the connection closes, unless Redis is stuck
        leases.returnAll().get(RETURN_ON_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // best effort: the buckets stay stricter until they drain
      }
    }
    ScriptConnection redis = connection.getAndSet(null);
    if (redis != null) {
      redis.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    timer.stop();
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "RedisRateLimitStore[" + config + "]";
  }

  /** The connection once made (Lettuce then reconnects it by itself), else null. */
  private ScriptConnection connection() {
    ScriptConnection redis = connection.get();
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
    connect
        .get()
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

  /**
   * {@code count} checks (or a refund) that failed: counted, kept for {@link #stats()}, reported.
   */
  private void failed(StoreFailure failure, int count) {
    failures.add(count);
    failuresByCause.get(failure.cause()).add(count);
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
  private static List<String> secrets(RedisStoreConfig config, List<RedisURI> uris) {
    List<String> secrets = new ArrayList<>();
    config.password().ifPresent(p -> secrets.add(new String(p)));
    for (RedisURI uri : uris) {
      if (uri.getPassword() != null) {
        secrets.add(new String(uri.getPassword()));
      }
    }
    return List.copyOf(secrets);
  }

  private static <T> CompletableFuture<T> run(
      ScriptConnection redis,
      LuaScript script,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    CompletableFuture<T> sent =
        redis.scripts().<T>evalsha(script.sha1(), type, keys, args).toCompletableFuture();
    return sent.exceptionallyCompose(
        error ->
            isNoScript(error)
                ? redis.scripts().<T>eval(script.source(), type, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(error));
  }

  private static boolean isNoScript(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof RedisNoScriptException
        || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
  }
}
