package dev.celador.engine.internal.ratelimit;

import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static dev.celador.engine.internal.ratelimit.RateLimitFixtures.compile;
import static dev.celador.engine.internal.ratelimit.RateLimitFixtures.rateLimitPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Rate limits whose store answers later, as Redis does: the decision completes when the store
 * answers, one call carries all of a request's limits in one store, and a check that timed out is
 * settled by the decision when its late reply comes.
 */
class AsyncRateLimitTest {

  private static final String ALICE = spiffe("web", "alice");
  private static final AuthzRequest GET =
      request(ALICE, spiffe("shop", "orders"), "GET", "/orders", Map.of());

  private final FakeTicker ticker = new FakeTicker();
  private final LocalRateLimitStore buckets = new LocalRateLimitStore(ticker);
  private final HeldStore remote = new HeldStore(buckets, bucket -> 0);
  private final RateLimitBackends backends =
      RateLimitBackends.local(new LocalRateLimitStore(ticker)).withRedis(remote);

  @Test
  void evaluateAsync_storeNotAnsweredYet_completesOnlyWhenItAnswers() {
    CompiledPolicySet set = set(limit("a", 1, "closed", false));

    CompletableFuture<Decision> decided = set.evaluateAsync(GET, false);

    assertThat(decided).isNotDone();
    remote.answerAll();
    assertThat(decided.join().allowed()).isTrue();
    CompletableFuture<Decision> second = set.evaluateAsync(GET, false);
    remote.answerAll();
    assertThat(second.join().status()).isEqualTo(429);
  }

  @Test
  void evaluateAsync_enforcedAndShadowLimitsInOneStore_oneCallForAll() {
    CompiledPolicySet set =
        set(limit("a", 5, "closed", false), limit("b", 5, "open", false), limit("s", 5, "", true));

    CompletableFuture<Decision> decided = set.evaluateAsync(GET, false);
    remote.answerAll();

    assertThat(decided.join().allowed()).isTrue();
    assertThat(remote.calls).hasSize(1);
    assertThat(remote.calls.get(0))
        .extracting(LimitCheck::shadow)
        .containsExactly(false, false, true);
  }

  @Test
  void evaluateAsync_limitsInTwoGroupsOneOver_deniesAndRefundsTheOther() {
    HeldStore sharded = new HeldStore(buckets, bucket -> bucket.limitId().endsWith("/a") ? 1 : 2);
    CompiledPolicySet set =
        compile(
            RateLimitBackends.local(new LocalRateLimitStore(ticker)).withRedis(sharded),
            List.of(policy(limit("a", 5, "closed", false), limit("b", 1, "closed", false))));
    CompletableFuture<Decision> first = set.evaluateAsync(GET, false);
    sharded.answerAll();
    assertThat(first.join().allowed()).isTrue();

    CompletableFuture<Decision> second = set.evaluateAsync(GET, false);
    sharded.answerAll();

    assertThat(second.join().status()).isEqualTo(429);
    assertThat(sharded.calls).hasSize(4);
    assertThat(sharded.refunds).containsExactly("shop/limits/a");
  }

  @Test
  void evaluate_timedOutUnderClosed_deniesAndRefundsWhatTheLateReplySpent() {
    CompiledPolicySet set = set(limit("a", 2, "closed", false));

    CompletableFuture<Decision> decided = set.evaluateAsync(GET, false);
    CompletableFuture<List<GcraResult>> late = remote.timeOut();

    assertThat(decided.join().status()).isEqualTo(503);
    late.complete(buckets.acquireAll(remote.calls.get(0)).join());
    assertThat(remote.refunds).containsExactly("shop/limits/a");
    assertThat(backends.metrics().counters("shop/limits/a").storeErrors()).isEqualTo(1);
  }

  @Test
  void evaluate_timedOutUnderOpen_admitsAndKeepsWhatTheLateReplySpent() {
    CompiledPolicySet set = set(limit("a", 2, "open", false));

    CompletableFuture<Decision> decided = set.evaluateAsync(GET, false);
    CompletableFuture<List<GcraResult>> late = remote.timeOut();

    assertThat(decided.join().allowed()).isTrue();
    late.complete(buckets.acquireAll(remote.calls.get(0)).join());
    assertThat(remote.refunds).isEmpty();
  }

  private CompiledPolicySet set(String... limits) {
    return compile(backends, List.of(policy(limits)));
  }

  private static String policy(String... limits) {
    return rateLimitPolicy("limits", "limits:\n" + String.join("", limits).indent(2));
  }

  private static String limit(String name, int requests, String failureMode, boolean shadow) {
    return "- name: "
        + name
        + "\n  key: source.principal\n  rate: {requests: "
        + requests
        + ", period: 1m}\n  backend: redis\n"
        + (failureMode.isEmpty() ? "" : "  failureMode: " + failureMode + "\n")
        + (shadow ? "  shadow: true\n" : "");
  }

  /**
   * A store that answers only when the test says: its calls wait until {@link #answerAll} checks
   * them against real local buckets, or {@link #timeOut} fails them as a timed-out Redis check.
   */
  private static final class HeldStore implements RateLimitStore {
    final List<List<LimitCheck>> calls = new ArrayList<>();
    final List<String> refunds = new ArrayList<>();
    private final List<CompletableFuture<List<GcraResult>>> pending = new ArrayList<>();
    private final LocalRateLimitStore buckets;
    private final ToIntFunction<BucketKey> groups;

    HeldStore(LocalRateLimitStore buckets, ToIntFunction<BucketKey> groups) {
      this.buckets = buckets;
      this.groups = groups;
    }

    @Override
    public int group(BucketKey bucket) {
      return groups.applyAsInt(bucket);
    }

    @Override
    public CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> checks) {
      calls.add(checks);
      CompletableFuture<List<GcraResult>> reply = new CompletableFuture<>();
      pending.add(reply);
      return reply;
    }

    @Override
    public void refund(BucketKey bucket, GcraRate rate) {
      refunds.add(bucket.limitId());
      buckets.refund(bucket, rate);
    }

    /** Answers every call so far, and those the answers cause, in order. */
    void answerAll() {
      for (int i = 0; i < pending.size(); i++) {
        if (!pending.get(i).isDone()) {
          pending.get(i).complete(buckets.acquireAll(calls.get(i)).join());
        }
      }
    }

    /** Fails the last call as timed out; returns the future of its late reply. */
    CompletableFuture<List<GcraResult>> timeOut() {
      CompletableFuture<List<GcraResult>> late = new CompletableFuture<>();
      pending
          .get(pending.size() - 1)
          .completeExceptionally(new StoreTimeoutException("no answer within 50 ms", late));
      return late;
    }
  }
}
