package dev.celador.engine.internal.ratelimit;

import static dev.celador.engine.Policies.policy;
import static dev.celador.engine.Policies.request;
import static dev.celador.engine.Policies.spiffe;
import static dev.celador.engine.internal.ratelimit.RateLimitFixtures.compile;
import static dev.celador.engine.internal.ratelimit.RateLimitFixtures.rateLimitPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.api.AuthzRequest;
import dev.celador.engine.api.Decision;
import dev.celador.engine.api.TraceEntry;
import dev.celador.engine.api.TraceEntry.Result;
import dev.celador.engine.internal.eval.CompiledPolicySet;
import dev.celador.engine.internal.model.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Step 4 of the evaluation order, through the compiled policy set. */
class RateLimitEvaluationTest {

  private static final String ALICE = spiffe("web", "alice");
  private static final String BOB = spiffe("web", "bob");
  private static final String ORDERS = spiffe("shop", "orders");

  private final FakeTicker ticker = new FakeTicker();
  private final RateLimitBackends backends =
      RateLimitBackends.local(new LocalRateLimitStore(ticker));

  @Test
  void evaluate_overTheLimit_denies429WithRateLimitHeaders() {
    CompiledPolicySet set = set(limit("per-caller", "source.principal", 2, "1m", ""));

    List<Decision> decisions = evaluate(set, ALICE, 3);

    assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, false);
    Decision denied = decisions.get(2);
    assertThat(denied.status()).isEqualTo(429);
    assertThat(denied.policy()).isEqualTo("shop/limits");
    assertThat(denied.rule()).isEqualTo("per-caller");
    assertThat(denied.reasons())
        .containsExactly(
            "rate limit per-caller of shop/limits exceeded (2 per 1m, burst 2); retry after 30s");
    assertThat(denied.responseHeaders())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "RateLimit-Policy", "\"per-caller\";q=2;w=60;celador-burst=2",
                "RateLimit", "\"per-caller\";r=0;t=30",
                "Retry-After", "30"));
    assertThat(denied.headers()).isEmpty();
  }

  @Test
  void evaluate_afterOneInterval_admitsAgain() {
    CompiledPolicySet set = set(limit("per-caller", "source.principal", 2, "1m", ""));
    evaluate(set, ALICE, 3);

    ticker.advance(Duration.ofSeconds(30));

    assertThat(evaluate(set, ALICE, 2)).extracting(Decision::allowed).containsExactly(true, false);
  }

  @Test
  void evaluate_keyValues_haveTheirOwnBuckets() {
    CompiledPolicySet set = set(limit("per-caller", "source.principal", 1, "1m", ""));

    assertThat(evaluate(set, ALICE, 2)).extracting(Decision::allowed).containsExactly(true, false);
    assertThat(evaluate(set, BOB, 1)).extracting(Decision::allowed).containsExactly(true);
  }

  @Test
  void evaluate_accessDenied_limitsAreNotChecked() {
    CompiledPolicySet set =
        compile(
            backends,
            List.of(rateLimitPolicy("limits", limits(limit("l", "source.principal", 1, "1m", "")))),
            policy("no-deletes", Action.DENY).rule("deletes", "request.method == 'GET'").build());

    Decision d = set.evaluate(get(ALICE), false);

    assertThat(d.status()).isEqualTo(403);
    assertThat(counters("l").checks()).isZero();
  }

  @Test
  void evaluate_severalLimitsOver_theLongestWaitDecides() {
    CompiledPolicySet set =
        set(
            limit("per-second", "source.principal", 1, "1s", ""),
            limit("per-hour", "source.principal", 1, "1h", ""));
    evaluate(set, ALICE, 1);

    Decision d = set.evaluate(get(ALICE), false);

    assertThat(d.rule()).isEqualTo("per-hour");
    assertThat(d.responseHeaders()).containsEntry("Retry-After", "3600");
    assertThat(counters("per-second").denials()).isEqualTo(1);
    assertThat(counters("per-hour").denials()).isEqualTo(1);
  }

  @Test
  void evaluate_deniedByOneLimit_doesNotSpendTheOthers() {
    // per-path is keyed by path, so /b has its own bucket; per-caller is shared by both paths.
    CompiledPolicySet set =
        set(
            "headersOnAllow: true",
            limit("per-caller", "source.principal", 5, "1m", ""),
            limit("per-path", "request.url_path", 1, "1m", ""));
    assertThat(set.evaluate(get(ALICE, "/a"), false).allowed()).isTrue(); // caller 4 left
    assertThat(set.evaluate(get(ALICE, "/a"), false).rule()).isEqualTo("per-path"); // refunded

    Decision d = set.evaluate(get(ALICE, "/b"), false);

    assertThat(d.allowed()).isTrue();
    // per-caller spent twice (once for /a, once for /b), not three times.
    assertThat(d.responseHeaders()).containsEntry("RateLimit", "\"per-path\";r=0;t=60");
    List<Decision> fresh = new ArrayList<>();
    for (String path : List.of("/c", "/d", "/e", "/f")) {
      fresh.add(set.evaluate(get(ALICE, path), false));
    }
    assertThat(fresh).extracting(Decision::rule).containsExactly("", "", "", "per-caller");
  }

  @Test
  void evaluate_shadowLimitOver_neverDeniesButAuditsAndCounts() {
    CompiledPolicySet set = set(limit("trial", "source.principal", 1, "1m", "shadow: true"));

    List<Decision> decisions = evaluate(set, ALICE, 4);

    assertThat(decisions).extracting(Decision::allowed).containsOnly(true);
    assertThat(decisions.get(0).audits()).isEmpty();
    for (Decision d : decisions.subList(1, 4)) {
      assertThat(d.audits())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.policy()).isEqualTo("shop/limits");
                assertThat(e.rule()).isEqualTo("trial");
                assertThat(e.action()).isEqualTo("RATE_LIMIT");
                assertThat(e.dryRun()).isTrue();
                assertThat(e.result()).isEqualTo(Result.OVER_LIMIT);
                assertThat(e.detail()).startsWith("shadow limit exceeded (1 per 1m, burst 1)");
              });
    }
    assertThat(counters("trial").checks()).isEqualTo(4);
    assertThat(counters("trial").shadowDenials()).isEqualTo(3);
    assertThat(counters("trial").denials()).isZero();
  }

  @Test
  void evaluate_enforcedLimitDenies_shadowLimitsAreNotSpent() {
    CompiledPolicySet set =
        set(
            limit("hard", "source.principal", 1, "1m", ""),
            limit("soft", "source.principal", 5, "1m", "shadow: true"));

    evaluate(set, ALICE, 3);

    assertThat(counters("soft").checks()).isEqualTo(1);
  }

  @Test
  void evaluate_whenFalse_limitDoesNotApply() {
    CompiledPolicySet set =
        set(limit("writes", "source.principal", 1, "1m", "when: request.method == 'POST'"));

    List<Decision> decisions = evaluate(set, ALICE, 3);

    assertThat(decisions).extracting(Decision::allowed).containsOnly(true);
    Decision traced = set.evaluate(get(ALICE), true);
    assertThat(traced.trace())
        .filteredOn(e -> e.action().equals("RATE_LIMIT"))
        .extracting(TraceEntry::rule, TraceEntry::result)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("writes", Result.NO_MATCH));
  }

  @Test
  void evaluate_keyErrorUnderFail_denies403BeforeSpendingAnything() {
    CompiledPolicySet set =
        set(
            limit("per-caller", "source.principal", 5, "1m", ""),
            limit("per-key", "request.headers['x-api-key']", 5, "1m", ""));

    Decision d = set.evaluate(get(ALICE), false);

    assertThat(d.allowed()).isFalse();
    assertThat(d.status()).isEqualTo(403);
    assertThat(d.evaluationError()).isTrue();
    assertThat(d.reasons())
        .containsExactly(
            "evaluation error in shop/limits limit per-key (failurePolicy Fail): no such key:"
                + " 'x-api-key'");
    assertThat(counters("per-caller").checks()).isZero();
  }

  @Test
  void evaluate_keyErrorUnderIgnore_skipsThatLimit() {
    CompiledPolicySet set =
        set(
            "failurePolicy: Ignore",
            limit("per-caller", "source.principal", 1, "1m", ""),
            limit("per-key", "request.headers['x-api-key']", 1, "1m", ""));

    assertThat(evaluate(set, ALICE, 2))
        .extracting(Decision::rule)
        .containsExactly("", "per-caller");
    assertThat(counters("per-key").checks()).isZero();
  }

  @Test
  void evaluate_headersOnAllow_reportsTheTightestLimit() {
    CompiledPolicySet set =
        set(
            "headersOnAllow: true",
            limit("per-minute", "source.principal", 10, "1m", ""),
            limit("per-second", "source.principal", 3, "1s", "burst: 2"));

    Decision d = set.evaluate(get(ALICE), false);

    assertThat(d.allowed()).isTrue();
    assertThat(d.responseHeaders())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "RateLimit-Policy", "\"per-second\";q=3;w=1;celador-burst=2",
                "RateLimit", "\"per-second\";r=1;t=1"));
  }

  @Test
  void evaluate_withoutHeadersOnAllow_allowedResponsesCarryNoHeaders() {
    CompiledPolicySet set = set(limit("per-caller", "source.principal", 10, "1m", ""));

    assertThat(set.evaluate(get(ALICE), false).responseHeaders()).isEmpty();
  }

  @Test
  void evaluate_policyTargetsAnotherHost_limitDoesNotApply() {
    CompiledPolicySet set =
        set("target: {hosts: [payments.shop]}", limit("l", "source.principal", 1, "1m", ""));

    assertThat(evaluate(set, ALICE, 3)).extracting(Decision::allowed).containsOnly(true);
    Decision traced = set.evaluate(get(ALICE), true);
    assertThat(traced.trace())
        .extracting(TraceEntry::policy, TraceEntry::action, TraceEntry::result)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("shop/limits", "RATE_LIMIT", Result.NOT_SELECTED));
  }

  @Test
  void evaluate_storeDownFailureModeOpen_admitsAndCountsTheError() {
    RateLimitBackends down = backends.withRedis(new UnreachableStore());
    CompiledPolicySet set =
        compile(
            down, List.of(policyYaml(limit("l", "source.principal", 1, "1m", "backend: redis"))));

    assertThat(evaluate(set, ALICE, 3)).extracting(Decision::allowed).containsOnly(true);
    assertThat(down.metrics().counters("shop/limits/l").storeErrors()).isEqualTo(3);
  }

  @Test
  void evaluate_storeDownFailureModeClosed_denies503() {
    RateLimitBackends down = backends.withRedis(new UnreachableStore());
    CompiledPolicySet set =
        compile(
            down,
            List.of(
                policyYaml(
                    limit(
                        "l", "source.principal", 1, "1m", "backend: redis\nfailureMode: closed"))));

    Decision d = set.evaluate(get(ALICE), true);

    assertThat(d.allowed()).isFalse();
    assertThat(d.status()).isEqualTo(503);
    assertThat(d.responseHeaders()).containsEntry("Retry-After", "1");
    assertThat(d.reasons())
        .containsExactly(
            "rate limit l of shop/limits: store unavailable (failureMode closed): connection"
                + " refused");
    assertThat(d.trace())
        .filteredOn(e -> e.action().equals("RATE_LIMIT"))
        .extracting(TraceEntry::result)
        .containsExactly(Result.ERROR);
  }

  @Test
  void evaluate_overLimitAndStoreDown_overLimitDecides() {
    RateLimitBackends mixed = backends.withRedis(new UnreachableStore());
    // Spend the local bucket first: with the store down, every request is denied and refunded.
    compile(mixed, List.of(policyYaml(limit("local", "source.principal", 1, "1m", ""))))
        .evaluate(get(ALICE), false);
    CompiledPolicySet set =
        compile(
            mixed,
            List.of(
                policyYaml(
                    limit(
                            "shared",
                            "source.principal",
                            1,
                            "1m",
                            "backend: redis\nfailureMode: closed")
                        + limit("local", "source.principal", 1, "1m", ""))));

    Decision d = set.evaluate(get(ALICE), false);

    assertThat(d.status()).isEqualTo(429);
    assertThat(d.rule()).isEqualTo("local");
  }

  private CompiledPolicySet set(String... limitsOrSpecFields) {
    return compile(backends, List.of(policyYaml(limitsOrSpecFields)));
  }

  /** A policy named limits: arguments starting with "- " are limits, others spec fields. */
  private static String policyYaml(String... parts) {
    StringBuilder spec = new StringBuilder();
    StringBuilder limits = new StringBuilder();
    for (String part : parts) {
      (part.startsWith("- ") ? limits : spec).append(part).append('\n');
    }
    return rateLimitPolicy("limits", spec + "limits:\n" + limits.toString().indent(2));
  }

  private static String limits(String... limits) {
    return "limits:\n" + String.join("", limits).indent(2);
  }

  /** A limit list item; {@code extra} holds further fields, one per line. */
  private static String limit(String name, String key, int requests, String period, String extra) {
    String fields =
        "name: "
            + name
            + "\nkey: \""
            + key
            + "\"\nrate: {requests: "
            + requests
            + ", period: "
            + period
            + "}\n"
            + extra;
    return "- " + fields.strip().indent(2).substring(2);
  }

  private LimitCounters counters(String limit) {
    return backends.metrics().counters("shop/limits/" + limit);
  }

  private static AuthzRequest get(String caller) {
    return get(caller, "/orders");
  }

  private static AuthzRequest get(String caller, String path) {
    return request(caller, ORDERS, "GET", path, Map.of());
  }

  private static List<Decision> evaluate(CompiledPolicySet set, String caller, int times) {
    return evaluate(set, caller, "/orders", times);
  }

  private static List<Decision> evaluate(
      CompiledPolicySet set, String caller, String path, int times) {
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      decisions.add(set.evaluate(get(caller, path), false));
    }
    return decisions;
  }

  /** A store whose every check fails, as Redis does when it is down. */
  private static final class UnreachableStore implements RateLimitStore {
    @Override
    public CompletableFuture<List<GcraResult>> acquireAll(List<LimitCheck> checks) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
    }

    @Override
    public void refund(BucketKey bucket, GcraRate rate) {}
  }
}
