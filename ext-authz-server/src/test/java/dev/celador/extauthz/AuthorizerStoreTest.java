package dev.celador.extauthz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.PolicyEngine;
import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.HttpAttributes;
import dev.celador.engine.api.SourceFile;
import dev.celador.engine.internal.ratelimit.BucketKey;
import dev.celador.engine.internal.ratelimit.GcraRate;
import dev.celador.engine.internal.ratelimit.GcraResult;
import dev.celador.engine.internal.ratelimit.LimitCheck;
import dev.celador.engine.internal.ratelimit.RateLimitBackends;
import dev.celador.engine.internal.ratelimit.RateLimitStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A decision that needs a shared store: the caller's thread is free until the store answers. */
class AuthorizerStoreTest {

  private static final String POLICIES =
      """
      apiVersion: celador.dev/v1alpha1
      kind: RateLimitPolicy
      metadata: {name: shared}
      spec:
        target: {hosts: [limited.test]}
        limits:
          - {name: per-host, key: request.host, rate: {requests: 5, period: 1m}, backend: redis}
      """;

  /** A Redis stand-in that answers only when the test completes {@link #pending}. */
  private static final class HeldStore implements RateLimitStore {
    final CompletableFuture<List<GcraResult>> pending = new CompletableFuture<>();

    @Override
    public CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> checks) {
      return pending;
    }

    @Override
    public void refund(BucketKey bucket, GcraRate rate) {}
  }

  private final HeldStore store = new HeldStore();
  private final PolicyEngine engine =
      PolicyEngine.create(Clock.systemUTC(), RateLimitBackends.local().withRedis(store));

  @Test
  @Timeout(10) // an Authorizer that waited for the store would never return from authorize
  void authorize_limitInASharedStore_repliesWhenTheStoreAnswersOnItsThread() throws Exception {
    assertThat(engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES))).hasErrors())
        .isFalse();
    AtomicReference<Verdict> verdict = new AtomicReference<>();
    AtomicReference<String> thread = new AtomicReference<>();
    try (CostlyLane lane = new CostlyLane(1, 1)) {
      Authorizer authorizer = new Authorizer(engine, DecisionListener.NONE, lane);

      authorizer.authorize(
          Transport.GRPC,
          () -> request("limited.test"),
          v -> {
            verdict.set(v);
            thread.set(Thread.currentThread().getName());
          });
      assertThat(verdict.get()).as("no answer before the store's").isNull();

      Thread answering = new Thread(() -> store.pending.complete(List.of(admitted())), "store-io");
      answering.start();
      answering.join();
    }
    assertThat(verdict.get().decision().allowed()).isTrue();
    assertThat(thread.get()).isEqualTo("store-io");
  }

  @Test
  void authorize_noLimitInTheStore_repliesAtOnceOnTheCallingThread() {
    assertThat(engine.reloadSources(List.of(new SourceFile("p.yaml", POLICIES))).hasErrors())
        .isFalse();
    AtomicReference<String> thread = new AtomicReference<>();
    try (CostlyLane lane = new CostlyLane(1, 1)) {
      new Authorizer(engine, DecisionListener.NONE, lane)
          .authorize(
              Transport.GRPC,
              () -> request("other.test"),
              v -> thread.set(Thread.currentThread().getName()));
    }
    assertThat(thread.get()).isEqualTo(Thread.currentThread().getName());
  }

  private static GcraResult admitted() {
    return GcraResult.admitted(4, 12_000_000_000L);
  }

  /** A GET to {@code host}: the rate limit keys on the host alone. */
  private static AuthzRequest request(String host) {
    return AuthzRequest.builder()
        .request(HttpAttributes.builder().method("GET").path("/").host(host).build())
        .build();
  }
}
