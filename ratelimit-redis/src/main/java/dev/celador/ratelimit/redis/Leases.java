package dev.celador.ratelimit.redis;

import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import io.netty.util.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Token leases for busy buckets of high rate (the idea of Envoy's rate limit quota service: the
 * shared server hands each replica a slice of quota to spend locally). One script run (
 * gcra-lease.lua) spends up to {@link #size} tokens of a bucket in Redis, exactly as that many
 * single checks would; this replica then admits that many requests of the bucket without a round
 * trip. A token is always spent in Redis before a request uses it, so replicas together never admit
 * more than the bucket allows; what leasing costs is tokens held and not (yet) used.
 *
 * <ul>
 *   <li>Only buckets where holding tokens is invisible to users: enforced (not shadow), emission
 *       interval at most {@link #MAX_INTERVAL_MICROS} (1,000 requests per second or more), and
 *       burst at least {@link #BURST_SHARE} times the lease. A request is answered from leases only
 *       when every check it has qualifies and every bucket has a token, all-or-nothing under one
 *       lock; anything else takes the exact path (one script per request, batched).
 *   <li>A bucket is leased once this replica checks it often: {@link #HOT_CHECKS} checks within one
 *       {@link #LIFETIME}. A lease holds what this replica used of the bucket in one lifetime
 *       lately, up to {@link #size}, and is refilled, in the background, as soon as a quarter of
 *       that is used: tokens held plus tokens asked for never exceed it, and several refills may be
 *       in flight, so a lease keeps up with demand however long a round trip takes, and requests
 *       rarely find it empty.
 *   <li>A replica holds at most {@link #size} unused tokens of a bucket (64, or what the bucket
 *       refills in a millisecond if more), and only while they are fresh: tokens are usable for
 *       {@link #LIFETIME} after the latest grant, then given back to Redis (refunded, best effort,
 *       like a denied request's). A grant is used whenever its reply arrives: Redis spent the
 *       tokens when it ran the script, on its own clock, so a reply delayed on its way back is not
 *       older for that, and the bound on tokens held holds all the same.
 *   <li>Never denies: a bucket without tokens goes to Redis, whose answer is exact. A lease that
 *       Redis could not grant (the bucket is over) is not asked again until its retry-after, one
 *       that failed (Redis down or slow) not for a {@link #LIFETIME}.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class Leases {

  /**
   * Tokens one lease holds at most, unless {@link #REFILL_SPAN_MICROS} of the bucket's refill is
   * more: a bucket's tokens are what users see, and a few of them held is invisible.
   */
  static final int MAX_TOKENS = 64;

  /**
   * A lease of a very fast bucket may hold what the bucket refills in this time (1,000 tokens of a
   * 1,000,000/s limit): holding them makes the bucket look at most a millisecond emptier, and saves
   * round trips exactly where requests come fastest.
   */
  static final long REFILL_SPAN_MICROS = 1_000;

  /** Only buckets that refill at least 1,000 tokens per second are leased. */
  static final long MAX_INTERVAL_MICROS = 1_000;

  /** A lease is at most this share of the burst: 8 replicas holding a full lease take it all. */
  static final long BURST_SHARE = 8;

  /**
   * How long leased tokens stay usable after their grant. Long enough for many refills (a round
   * trip takes about 0.1 ms), short enough that a replica whose traffic stops gives its tokens back
   * before users notice; as long as a check may take by default.
   */
  static final Duration LIFETIME = Duration.ofMillis(50);

  /** Checks of a bucket within one lifetime before it is leased. */
  static final int HOT_CHECKS = 8;

  /** Buckets tracked at most; beyond, new buckets take the exact path only. */
  static final int MAX_BUCKETS = 10_000;

  /** A bucket at one rate: during a policy reload one key may be checked at two. */
  record Bucket(String key, long intervalMicros, long burst) {}

  /** A lease request: the bucket and the tokens wanted. */
  record Want(Bucket bucket, long tokens) {}

  /** One bucket's lease; every field is guarded by the {@link Leases} lock. */
  private static final class Lease {
    final Bucket bucket;
    final int size;
    long available;
    long expiresAt;

    /** Tokens asked for and not answered yet. */
    long pending;

    boolean timerArmed;
    boolean removed;
    long quietUntil;
    long windowStart;
    int windowChecks;

    /** Requests in the window before the current one, if it was the one just before. */
    int previousChecks;

    long lastSeen;

    /** Redis's answer to the latest grant: the bucket's remaining and reset after spending it. */
    GcraResult grant;

    Lease(Bucket bucket, int size, long now) {
      this.bucket = bucket;
      this.size = size;
      this.windowStart = now;
      this.lastSeen = now;
      this.expiresAt = now;
      this.quietUntil = now;
    }
  }

  private final Function<Want, CompletableFuture<List<Object>>> lease;
  private final BiFunction<Bucket, Long, CompletableFuture<?>> giveBack;
  private final Timer timer;
  private final Map<Bucket, Lease> leases = new ConcurrentHashMap<>();
  private final LongAdder admitted = new LongAdder();
  private final LongAdder scripts = new LongAdder();
  private final LongAdder granted = new LongAdder();
  private final LongAdder returned = new LongAdder();

  /**
   * @param lease runs gcra-lease.lua for a bucket; its reply is {granted, reset}
   * @param giveBack refunds that many tokens to a bucket, best effort
   */
  Leases(
      Function<Want, CompletableFuture<List<Object>>> lease,
      BiFunction<Bucket, Long, CompletableFuture<?>> giveBack,
      Timer timer) {
    this.lease = lease;
    this.giveBack = giveBack;
    this.timer = timer;
  }

  /** The tokens one lease of {@code check}'s bucket holds, 0 if it is never leased. */
  static int size(LimitCheck check) {
    if (check.shadow() || check.rate().intervalMicros() > MAX_INTERVAL_MICROS) {
      return 0;
    }
    long interval = check.rate().intervalMicros();
    long span = Math.max(MAX_TOKENS, REFILL_SPAN_MICROS / interval);
    long size = Math.min(span, check.rate().burst() / BURST_SHARE);
    return size < 2 ? 0 : (int) size;
  }

  /**
   * The results of a request admitted from leases, all-or-nothing; null when it must go to Redis
   * (then its demand counts towards leasing its buckets, and empty leases are refilled).
   */
  List<GcraResult> admit(String[] keys, List<LimitCheck> checks) {
    int[] sizes = new int[checks.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = size(checks.get(i));
      if (sizes[i] == 0) {
        return null; // before any bucket is tracked: such requests never lease
      }
    }
    Lease[] held = new Lease[checks.size()];
    long now = System.nanoTime();
    for (int i = 0; i < held.length; i++) {
      LimitCheck check = checks.get(i);
      int size = sizes[i];
      Bucket bucket = new Bucket(keys[i], check.rate().intervalMicros(), check.rate().burst());
      Lease lease = leases.get(bucket);
      if (lease == null) {
        if (leases.size() >= MAX_BUCKETS) {
          return null;
        }
        Lease fresh = new Lease(bucket, size, now);
        lease = leases.putIfAbsent(bucket, fresh);
        if (lease == null) {
          lease = fresh;
          synchronized (this) {
            arm(fresh, now); // forgotten once idle, whatever this request does next
          }
        }
      }
      for (int j = 0; j < i; j++) {
        if (held[j] == lease) {
          return null; // one bucket twice in a request: rare, and exact in Redis
        }
      }
      held[i] = lease;
    }
    List<Want> refills = new ArrayList<>(0);
    List<Want> expired = new ArrayList<>(0);
    List<GcraResult> results = null;
    synchronized (this) {
      boolean all = true;
      for (Lease lease : held) {
        all &= !lease.removed && lease.available > 0 && now - lease.expiresAt < 0;
      }
      if (all) {
        GcraResult[] answers = new GcraResult[held.length];
        for (int i = 0; i < held.length; i++) {
          Lease lease = held[i];
          lease.available--;
          seen(lease, now);
          answers[i] =
              GcraResult.admitted(
                  lease.grant.remaining() + lease.available, lease.grant.resetAfterNanos());
          refill(lease, now, refills);
        }
        results = List.of(answers);
      } else {
        for (Lease lease : held) {
          demand(lease, now, refills, expired);
        }
      }
    }
    expired.forEach(this::giveBack);
    refills.forEach(this::fetch);
    if (results != null) {
      admitted.add(held.length);
    }
    return results;
  }

  /** Buckets tracked now (leased, or counted towards leasing); each forgotten once idle. */
  int tracked() {
    return leases.size();
  }

  /** Checks admitted from leases, for metrics. */
  long admitted() {
    return admitted.sum();
  }

  /** Lease scripts sent. */
  long scripts() {
    return scripts.sum();
  }

  /** Tokens Redis granted to leases. */
  long granted() {
    return granted.sum();
  }

  /** Unused tokens given back (refunds sent; one that fails leaves its bucket stricter). */
  long returned() {
    return returned.sum();
  }

  /** Gives every unused token back, e.g. before the store closes; completes when sent. */
  CompletableFuture<Void> returnAll() {
    List<Want> unused = new ArrayList<>();
    synchronized (this) {
      for (Lease lease : leases.values()) {
        take(lease, unused);
      }
    }
    return CompletableFuture.allOf(
        unused.stream().map(this::giveBack).toArray(CompletableFuture<?>[]::new));
  }

  /** A request that takes the exact path: counts towards leasing; refills an empty lease. */
  private void demand(Lease lease, long now, List<Want> refills, List<Want> expired) {
    if (lease.removed) {
      return;
    }
    if (now - lease.expiresAt >= 0) {
      take(lease, expired);
    }
    seen(lease, now);
    if (lease.windowChecks >= HOT_CHECKS) {
      refill(lease, now, refills);
    }
    arm(lease, now);
  }

  /** Counts a request of the bucket, leased or not, towards its demand. */
  private static void seen(Lease lease, long now) {
    lease.lastSeen = now;
    long age = now - lease.windowStart;
    if (age > LIFETIME.toNanos()) {
      lease.previousChecks = age > 2 * LIFETIME.toNanos() ? 0 : lease.windowChecks;
      lease.windowStart = now;
      lease.windowChecks = 0;
    }
    lease.windowChecks++;
  }

  /**
   * Asks for the tokens that fill {@code lease} again once a quarter of it is neither held nor
   * asked for, unless Redis said the bucket is over. Filled means what this replica used in one
   * lifetime lately, up to {@link #size}: a replica that uses a bucket slowly holds few tokens, and
   * uses them before they expire.
   */
  private void refill(Lease lease, long now, List<Want> refills) {
    long target = Math.min(lease.size, Math.max(lease.windowChecks, lease.previousChecks));
    long missing = target - lease.available - lease.pending;
    if (missing < Math.max(1, target / 4) || now - lease.quietUntil < 0) {
      return;
    }
    lease.pending += missing;
    refills.add(new Want(lease.bucket, missing));
  }

  /** Moves the unused tokens of {@code lease} to {@code unused}. */
  private static void take(Lease lease, List<Want> unused) {
    if (lease.available > 0) {
      unused.add(new Want(lease.bucket, lease.available));
      lease.available = 0;
    }
  }

  private void fetch(Want want) {
    scripts.increment();
    CompletableFuture<List<Object>> reply;
    try {
      reply = lease.apply(want);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((r, error) -> granted(want, r, error));
  }

  /** Redis answered a lease request: adds the tokens, or gives them back if the lease is gone. */
  private void granted(Want want, List<Object> reply, Throwable error) {
    Bucket bucket = want.bucket();
    long now = System.nanoTime();
    long tokens = error == null ? (Long) reply.get(0) : 0;
    GcraResult answer =
        error == null
            ? CheckBatcher.result((Long) reply.get(1), bucket.intervalMicros(), bucket.burst())
            : null;
    granted.add(tokens);
    synchronized (this) {
      Lease lease = leases.get(bucket);
      if (lease != null) {
        lease.pending -= want.tokens();
        if (error != null) {
          // Redis failed: ask again a lifetime later. Otherwise every request that meets the
          // same failure on the exact path would send a failing Redis a lease script as well.
          lease.quietUntil = now + LIFETIME.toNanos();
        } else if (!answer.allowed()) {
          lease.quietUntil = now + answer.retryAfterNanos();
        } else if (tokens > 0 && !lease.removed) {
          lease.available += tokens;
          lease.grant = answer;
          lease.expiresAt = now + LIFETIME.toNanos();
          arm(lease, now);
          tokens = 0;
        }
      }
    }
    if (tokens > 0) {
      giveBack(new Want(bucket, tokens));
    }
  }

  /**
   * Makes sure a timer looks at {@code lease} after its expiry and after it fell idle: the former
   * gives unused tokens back, the latter forgets the bucket.
   */
  private void arm(Lease lease, long now) {
    if (lease.timerArmed) {
      return;
    }
    lease.timerArmed = true;
    long due = Math.max(lease.expiresAt, lease.lastSeen + LIFETIME.toNanos()) - now;
    timer.newTimeout(t -> expire(lease), Math.max(due, 1), TimeUnit.NANOSECONDS);
  }

  private void expire(Lease lease) {
    List<Want> unused = new ArrayList<>(1);
    long now = System.nanoTime();
    synchronized (this) {
      lease.timerArmed = false;
      if (now - lease.expiresAt >= 0) {
        take(lease, unused);
      }
      if (lease.available == 0 && lease.pending == 0 && now - lease.lastSeen > LIFETIME.toNanos()) {
        lease.removed = true;
        leases.remove(lease.bucket, lease);
      } else {
        arm(lease, now);
      }
    }
    unused.forEach(this::giveBack);
  }

  private CompletableFuture<?> giveBack(Want unused) {
    returned.add(unused.tokens());
    return giveBack.apply(unused.bucket(), unused.tokens());
  }
}
