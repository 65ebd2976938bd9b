package dev.celador.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Redis that hangs without closing its connections (SIGSTOP): checks time out from a timer while
 * no thread waits, requests without Redis limits are not delayed at all, and once Redis answers the
 * late replies are settled as documented: what a denied request (failureMode closed) spent is
 * refunded, what an admitted one (open) spent is kept.
 */
class RedisStallIT {

  /** Two policies alike but for their host and failureMode: strict (closed) and lenient (open). */
  private static final String POLICIES =
      policy("strict", "closed") + "---\n" + policy("lenient", "open");

  private static String policy(String name, String failureMode) {
    return """
        apiVersion: celador.dev/v1alpha1
        kind: RateLimitPolicy
        metadata: {name: %1$s, namespace: shop}
        spec:
          target: {hosts: [%1$s.shop]}
          headersOnAllow: true
          limits:
            - {name: shared, key: 'request.headers["x-user"]', rate: {requests: 5, period: 1h},
               backend: redis, failureMode: %2$s}
        """
        .formatted(name, failureMode);
  }

  @Test
  void evaluateAsync_redisStalled_timerDecidesAndLateSpendsFollowTheDecision() throws Exception {
    try (RedisServer server = RedisServer.start();
        Replicas replicas =
            new Replicas(1, RedisStoreConfig.of(server.url()), Replicas.writePolicies(POLICIES))) {
      PolicyEngine engine = replicas.get(0);
      assertThat(remaining(engine, "strict.shop")).isEqualTo("4");
      assertThat(remaining(engine, "lenient.shop")).isEqualTo("4");

      server.signal("STOP");
      List<CompletableFuture<Decision>> strict;
      try {
        long start = System.nanoTime();
        strict = List.of(ask(engine, "strict.shop"), ask(engine, "strict.shop"));
        CompletableFuture<Decision> queued = ask(engine, "strict.shop");
        CompletableFuture<Decision> unlimited = ask(engine, "other.shop");
        // Waiting for the 50 ms timeouts, three callers would take 150 ms.
        assertThat(System.nanoTime() - start)
            .as("no caller waited for Redis")
            .isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(unlimited).as("a request without Redis limits is decided at once").isDone();
        assertThat(unlimited.join().allowed()).isTrue();
        for (CompletableFuture<Decision> d : List.of(strict.get(0), strict.get(1), queued)) {
          assertThat(d.get(2, TimeUnit.SECONDS).status()).isEqualTo(503);
        }
      } finally {
        server.signal("CONT");
      }
      // The two checks that reached Redis ran when it woke; they are refunded, and the queued one
      // was never sent: the bucket is as before the stall.
      Thread.sleep(300);
      assertThat(remaining(engine, "strict.shop")).isEqualTo("3");

      server.signal("STOP");
      try {
        CompletableFuture<Decision> first = ask(engine, "lenient.shop");
        CompletableFuture<Decision> second = ask(engine, "lenient.shop");
        assertThat(first.get(2, TimeUnit.SECONDS).allowed()).isTrue();
        assertThat(second.get(2, TimeUnit.SECONDS).allowed()).isTrue();
      } finally {
        server.signal("CONT");
      }
      // Admitted under failureMode open, they really went through: their late spends stand.
      Thread.sleep(300);
      assertThat(remaining(engine, "lenient.shop")).isEqualTo("1");
    }
  }

  private static CompletableFuture<Decision> ask(PolicyEngine engine, String host) {
    return engine.decide(Replicas.request(host, "alice"));
  }

  /** Admits one request and returns what its RateLimit header says remains. */
  private static String remaining(PolicyEngine engine, String host) throws Exception {
    Decision d = ask(engine, host).get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(d.allowed()).as(d.reasons().toString()).isTrue();
    String state = d.responseHeaders().get("RateLimit");
    return state.replaceAll(".*;r=(\\d+).*", "$1");
  }
}
